import { ApiError, ApiErrorInit } from "./api-error";

/** 404: no such connection, group or policy. */
export class NotFoundError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "NotFoundError";
  }
}
