/** Path ids are UUIDs; anything else is a 400 naming the parameter, before any lookup. */
import { UUID, quote } from "pulumi-workflow-connections-rules";
import { ErrorResponse } from "../errors/error-response";

export function pathId(raw: string, what: string): string {
  if (!UUID.test(raw))
    throw new ErrorResponse(400, { detail: `${quote(raw)} is not a valid ${what} id (a UUID)`, parameter: "id" });
  return raw.toLowerCase();
}
