/**
 * The fastify app: body parsing (JSON only, size-limited, never a 500 for bad input), the
 * auth hook for /api/v2, the routes, and one error handler that renders JSON:API errors.
 * Logs are fastify's pino logs: request line and status only; bodies are never logged and the
 * key headers are redacted in case a serializer ever includes headers.
 */
import Fastify, { FastifyError, FastifyInstance } from "fastify";
import { authenticate } from "../auth/authenticate";
import type { KeysFile } from "../auth/keys-file";
import type { Context } from "../domain/context";
import { groupRoutes } from "./connection-groups";
import { connectionRoutes } from "./connections";
import { ApiError } from "./errors";
import { JSON_API, send } from "./json-api";
import { restrictionPolicyRoutes } from "./restriction-policies";
import { userRoutes } from "./users";

export interface AppOptions {
  logLevel: string;
  bodyLimit: number;
}

export const DEFAULT_BODY_LIMIT = 256 * 1024;

/** Fastify's own client errors -> our JSON:API errors with a specific detail. */
function fastifyProblem(err: FastifyError, bodyLimit: number): ApiError | undefined {
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiError(413, { detail: `the request body is larger than the limit of ${bodyLimit} bytes` });
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError(415, { detail: `the Content-Type must be application/json or ${JSON_API}`, header: "Content-Type" });
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ApiError(400, { detail: "the request body is empty; a JSON body is required" });
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new ApiError(400, { detail: "the Content-Length does not match the body" });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return new ApiError(status, { detail: err.message });
  return undefined;
}

function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === "object") return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v));
  return false;
}

export function buildApp(ctx: Context, keys: KeysFile, options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      // stderr: stdout is left to the one "listening on" line that scripts read.
      stream: process.stderr,
      redact: { paths: ['req.headers["dd-api-key"]', 'req.headers["dd-application-key"]', "req.headers.authorization"], censor: "[redacted]" },
    },
    bodyLimit: options.bodyLimit,
    return503OnClosing: true,
  });

  // JSON bodies only, under either media type. Parsing errors name the problem, never echo the body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(["application/json", JSON_API], { parseAs: "string" }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === "") return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      // V8's message quotes part of the body (which may hold a secret): keep only the position.
      const at = /position (\d+)/.exec((err as Error).message);
      return done(new ApiError(400, { detail: `the request body is not valid JSON${at ? ` (at position ${at[1]})` : ""}` }), undefined);
    }
    // PostgreSQL text cannot hold NUL: refuse it here rather than fail the write with a 500.
    if (containsNul(parsed)) return done(new ApiError(400, { detail: "the request body contains a NUL character (\\u0000), which no field accepts" }), undefined);
    done(null, parsed);
  });

  app.decorateRequest("caller", null);
  app.addHook("onRequest", async (req) => {
    if (req.url.startsWith("/api/")) req.caller = authenticate(keys, req.headers);
    if (req.url.includes("%00")) throw new ApiError(400, { detail: "the URL contains a NUL character (%00), which no parameter accepts" });
  });

  app.get("/health", async (_req, reply) => reply.type("application/json").send({ status: "ok" }));
  connectionRoutes(app, ctx);
  groupRoutes(app, ctx);
  restrictionPolicyRoutes(app, ctx);
  userRoutes(app, keys);

  app.setNotFoundHandler((req, reply) => {
    send(reply, 404, new ApiError(404, { detail: `no route for ${req.method} ${req.url.split("?")[0]}` }).toBody());
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const problem = err instanceof ApiError ? err : fastifyProblem(err, options.bodyLimit);
    if (problem) {
      req.log.info({ status: problem.status }, "request refused");
      return send(reply, problem.status, problem.toBody());
    }
    // Not `{ err }`: database errors carry the query's parameters (request contents).
    req.log.error({ error: { message: err.message, code: err.code, stack: err.stack } }, "request failed");
    return send(reply, 500, new ApiError(500, { detail: "internal error; see the backend log" }).toBody());
  });

  return app;
}
