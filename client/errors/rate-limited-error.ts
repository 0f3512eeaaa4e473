import { ApiError, ApiErrorInit } from "./api-error";

/** 429: rate limited; `retryAfterMs` says how long the server asked to wait. */
export class RateLimitedError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "RateLimitedError";
  }
}
