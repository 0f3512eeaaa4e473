/** Path ids are UUIDs; anything else is a 400 naming the parameter, before any lookup. */
import { UUID, quote } from "../../rules";
import { ApiError } from "./errors";

export function pathId(raw: string, what: string): string {
  if (!UUID.test(raw)) throw new ApiError(400, { detail: `${quote(raw)} is not a valid ${what} id (a UUID)`, parameter: "id" });
  return raw.toLowerCase();
}
