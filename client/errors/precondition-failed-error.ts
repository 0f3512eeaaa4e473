import { ApiError, ApiErrorInit } from "./api-error";

/**
 * 412: the request carried `If-Match` and the resource has changed since that ETag was read
 * (someone else wrote it). Nothing was written; read it again before deciding what to send.
 * `currentEtag` is the ETag the server reported with the refusal, when it sent one.
 */
export class PreconditionFailedError extends ApiError {
  currentEtag?: string;

  constructor(init: ApiErrorInit) {
    super(init);
    this.name = "PreconditionFailedError";
  }
}
