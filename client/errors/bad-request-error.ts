import { ApiError, ApiErrorInit } from "./api-error";

/** 400: the request was invalid (the details say what). */
export class BadRequestError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "BadRequestError";
  }
}
