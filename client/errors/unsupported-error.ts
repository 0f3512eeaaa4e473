import { ApiError, ApiErrorInit } from "./api-error";

/** The target has no API for this operation (e.g. creating or deleting a connection group on a Datadog site). */
export class UnsupportedError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "UnsupportedError";
  }
}
