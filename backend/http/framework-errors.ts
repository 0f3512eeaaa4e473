/**
 * Errors the HTTP stack raises before (or instead of) a route: Node's HTTP parser (oversized
 * headers, malformed requests, timeouts), fastify's router (a malformed percent-encoding, an
 * over-long path segment) and fastify's body handling. All answer in the API's JSON:API error
 * shape with a fixed sentence: never the framework's own message, which quotes the URL, the
 * Content-Type or other request data.
 */
import type { Socket } from "node:net";
import type { FastifyError } from "fastify";
import { ErrorResponse, titleFor } from "../errors/error-response";
import { JSON_API } from "./json-api";

export const MAX_PARAM_LENGTH = 100;

/** Node's HTTP parser errors (fastify's `clientErrorHandler`): answered on the raw socket. */
export function clientErrorHandler(maxHeaderSize: number) {
  return (err: NodeJS.ErrnoException, socket: Socket): void => {
    if (err.code === "ECONNRESET" || socket.destroyed) return;
    let problem: ErrorResponse;
    if (err.code === "HPE_HEADER_OVERFLOW")
      problem = new ErrorResponse(431, {
        detail: `the request line and headers are larger than the limit of ${maxHeaderSize} bytes`,
      });
    else if (err.code === "ERR_HTTP_REQUEST_TIMEOUT")
      problem = new ErrorResponse(408, { detail: "the request was not received in time" });
    else problem = new ErrorResponse(400, { detail: "the request is not valid HTTP/1.1" });
    if (socket.writable) {
      const body = JSON.stringify(problem.toBody());
      socket.write(
        `HTTP/1.1 ${problem.status} ${titleFor(problem.status)}\r\nContent-Type: ${JSON_API}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

/** fastify's router errors (`frameworkErrors`). */
export function routerProblem(err: FastifyError): ErrorResponse {
  switch (err.code) {
    case "FST_ERR_BAD_URL":
      return new ErrorResponse(400, { detail: "the URL path is not valid (a malformed percent-encoding)" });
    case "FST_ERR_MAX_PARAM_LENGTH":
      return new ErrorResponse(414, {
        detail: `a path segment is longer than ${MAX_PARAM_LENGTH} characters; no id of this API is`,
      });
  }
  return new ErrorResponse(400, { detail: "the request could not be routed" });
}

/** fastify's own errors while reading a request -> a specific 4xx; undefined for a real failure. */
export function fastifyProblem(err: FastifyError, bodyLimit: number): ErrorResponse | undefined {
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ErrorResponse(413, { detail: `the request body is larger than the limit of ${bodyLimit} bytes` });
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_TYPE":
    case "FST_ERR_CTP_EMPTY_TYPE":
      return unsupportedMediaType();
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ErrorResponse(400, { detail: "the request body is empty; a JSON body is required" });
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new ErrorResponse(400, { detail: "the Content-Length does not match the body" });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return new ErrorResponse(status, { detail: `the request was refused (${titleFor(status)})` });
  return undefined;
}

export function unsupportedMediaType(): ErrorResponse {
  return new ErrorResponse(415, {
    detail: `the Content-Type must be application/json or ${JSON_API}, in UTF-8 (no charset, or charset=utf-8)`,
    header: "Content-Type",
  });
}
