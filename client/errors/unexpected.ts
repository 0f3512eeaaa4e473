import { ApiError } from "./api-error";

/** A 2xx whose body is not what the API documents. */
export function unexpectedBody(method: string, path: string, status: number, what: string): ApiError {
  return new ApiError({
    method,
    path,
    status,
    summary: `${status} with an unexpected body`,
    details: [`expected ${what}`],
  });
}
