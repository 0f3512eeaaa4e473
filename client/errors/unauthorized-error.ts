import { ApiError, ApiErrorInit } from "./api-error";

/** 401: the API key or application key is missing, wrong, or for another site. */
export class UnauthorizedError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "UnauthorizedError";
  }
}
