import { ApiError, ApiErrorInit } from "./api-error";

/** No response: the connection was refused, reset, or the host name did not resolve. `code` holds the system error code. */
export class NetworkError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "NetworkError";
  }
}
