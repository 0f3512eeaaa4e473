import { ApiError, ApiErrorInit } from "./api-error";

/** 5xx: the server failed; transient as a rule. */
export class ServerError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "ServerError";
  }
}
