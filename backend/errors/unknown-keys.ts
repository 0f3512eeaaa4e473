/** A request object with fields the API does not define is refused, never silently ignored. */
import { JsonObject, quote } from "pulumi-workflow-connections-rules";
import { ErrorResponse, pointer } from "./error-response";

/** 400 naming (quoted, shortened) the first keys of `value` not in `allowed`, pointing at the first. */
export function unknownKeys(value: JsonObject, allowed: string[], at: string[]): void {
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  if (extra.length) {
    throw new ErrorResponse(400, {
      detail: `${at.length ? at.join(".") : "the request body"} has unknown field${extra.length > 1 ? "s" : ""} ${extra.map((k) => quote(k)).join(", ")}`,
      pointer: pointer([...at, extra[0]]),
    });
  }
}
