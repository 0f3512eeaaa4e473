import { ApiError, ApiErrorInit } from "./api-error";

/** 409: the change conflicts with the current state. */
export class ConflictError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "ConflictError";
  }
}
