import { ApiError, ApiErrorInit } from "./api-error";

/** 403: the keys are valid but lack a permission (e.g. Resolver on a connection added to a group). */
export class ForbiddenError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "ForbiddenError";
  }
}
