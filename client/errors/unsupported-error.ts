import { ApiError, ApiErrorInit } from "./api-error";

/** The target has no API for this operation (Datadog has no groups API and no connection listing). */
export class UnsupportedError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "UnsupportedError";
  }
}
