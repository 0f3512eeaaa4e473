import { ApiError, ApiErrorInit } from "./api-error";

/** No response within `timeoutMs`. */
export class TimeoutError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "TimeoutError";
  }
}
