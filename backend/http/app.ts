/**
 * The fastify app: body parsing (JSON in UTF-8 only, size-limited, one guard for every body),
 * authentication by route, the routes, and the error handlers that render every refusal (the
 * API's own, fastify's and Node's HTTP parser's) as JSON:API errors that echo nothing.
 * Logs are fastify's pino logs: method, the route's pattern (or the URL's known-harmless parts)
 * and status (request-log.ts); nothing else a client sends (query values, unknown path segments,
 * headers, bodies) is logged.
 */
import http from "node:http";
import contentType from "content-type";
import Fastify, { FastifyError, FastifyInstance } from "fastify";
import { authenticate } from "../auth/authenticate";
import type { KeysFile } from "../auth/keys-file";
import type { Context } from "../domain/context";
import { guardBody } from "./body-guard";
import { groupRoutes } from "./connection-groups";
import { connectionRoutes } from "./connections";
import { DatabaseUnavailableError } from "../storage/unavailable";
import { ErrorResponse } from "../errors/error-response";
import {
  MAX_PARAM_LENGTH,
  clientErrorHandler,
  fastifyProblem,
  routerProblem,
  unsupportedMediaType,
} from "./framework-errors";
import { JSON_API, send } from "./json-api";
import { RequestLogLimiter, rememberRoute, requestSerializer } from "./request-log";
import { restrictionPolicyRoutes } from "./restriction-policies";
import { ServerLimits, boundPipelining, serverOptions, watchDroppedConnections } from "./server-limits";
import { userRoutes } from "./users";
import { lookupRoutes, validateRoute } from "./directory";

export interface AppOptions {
  logLevel: string;
  bodyLimit: number;
  limits: ServerLimits;
}

export const DEFAULT_BODY_LIMIT = 256 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The Content-Type's charset is absent or UTF-8 (JSON is UTF-8: RFC 8259). */
function isUtf8(header: string | undefined): boolean {
  try {
    const charset = header === undefined ? undefined : contentType.parse(header).parameters.charset;
    return charset === undefined || charset.toLowerCase() === "utf-8";
  } catch {
    return false;
  }
}

/** A request body: UTF-8 JSON, then the shared guard. Errors name the problem, never echo the body. */
function parseBody(header: string | undefined, raw: Buffer): unknown {
  if (!isUtf8(header)) throw unsupportedMediaType();
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new ErrorResponse(400, { detail: "the request body is not valid UTF-8" });
  }
  if (text.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    // V8's message quotes part of the body (which may hold a secret): keep only the position.
    const at = /position (\d+)/.exec((err as Error).message);
    throw new ErrorResponse(400, {
      detail: `the request body is not valid JSON${at ? ` (at position ${at[1]})` : ""}`,
    });
  }
  return guardBody(parsed);
}

export function buildApp(ctx: Context, keys: KeysFile, options: AppOptions): FastifyInstance {
  // Set once the server exists (below); every request's logger is made after that.
  const late: { logLimiter?: RequestLogLimiter } = {};
  const app = Fastify({
    logger: {
      level: options.logLevel,
      // stderr: stdout is left to the one "listening on" line that scripts read.
      stream: process.stderr,
      serializers: { req: requestSerializer },
      redact: {
        paths: ['req.headers["dd-api-key"]', 'req.headers["dd-application-key"]', "req.headers.authorization"],
        censor: "[redacted]",
      },
    },
    // A request's log lines are written only when its remote address is within its share of the
    // log (request-log.ts).
    childLoggerFactory: (logger, bindings, opts, raw) => {
      const quiet = late.logLimiter && !late.logLimiter.admit(raw.socket?.remoteAddress ?? "unknown");
      return logger.child(bindings, quiet ? { ...opts, level: "silent" } : opts);
    },
    bodyLimit: options.bodyLimit,
    ...serverOptions(options.limits),
    // Our own 503 below, in the API's error shape (fastify's is not).
    return503OnClosing: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    clientErrorHandler: clientErrorHandler(http.maxHeaderSize),
    frameworkErrors: (err, req, reply) => {
      const problem = routerProblem(err);
      req.log.info({ status: problem.status }, "request refused by the router");
      send(reply, problem.status, problem.toBody());
    },
  });

  app.server.maxConnections = options.limits.maxConnections;
  watchDroppedConnections(app.server, options.limits.maxConnections, (message) => app.log.warn(message));
  boundPipelining(app.server, options.limits.maxPipelinedRequests, (message) => app.log.warn(message));
  const limiter = new RequestLogLimiter(options.limits.logRequestsPerSecond, (remote, count) =>
    app.log.warn(
      `suppressed the log lines of ${count} requests from ${remote} in one second (more than ${options.limits.logRequestsPerSecond} a second are not logged)`,
    ),
  );
  late.logLimiter = limiter;
  app.addHook("onClose", async () => limiter.close());

  // The request log names URL segments only when they are words of some route.
  app.addHook("onRoute", (route) => rememberRoute(route.url));
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(["application/json", JSON_API], { parseAs: "buffer" }, (req, body, done) => {
    try {
      done(null, parseBody(req.headers["content-type"], body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.decorateRequest("caller", null);
  // While closing, requests still arriving on kept-alive connections are turned away.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onRequest", async (_req, reply) => {
    if (!closing) return;
    reply.header("Connection", "close");
    throw new ErrorResponse(503, { detail: "the backend is shutting down; retry against its next start" });
  });
  app.get("/health", async (_req, reply) => reply.type("application/json").send({ status: "ok" }));

  // Every API route is registered in this scope, and its hook runs for whatever the router
  // matched, however the URL was spelled (percent-encoded, absolute-form...): authentication
  // never depends on the raw URL.
  app.register(async (api) => {
    api.addHook("onRequest", async (req) => {
      req.caller = authenticate(keys, req.headers, req.query);
      if (req.url.includes("%00"))
        throw new ErrorResponse(400, { detail: "the URL contains a NUL character (%00), which no parameter accepts" });
    });
    // The literal `groups` segment before `{connection_id}` (the router prefers static segments
    // anyway; the order says it): `GET .../connections/groups` is the group list.
    groupRoutes(api, ctx);
    connectionRoutes(api, ctx);
    restrictionPolicyRoutes(api, ctx);
    userRoutes(api, keys);
    lookupRoutes(api, keys);
  });
  validateRoute(app, keys);

  app.setNotFoundHandler((req, reply) => {
    send(
      reply,
      404,
      new ErrorResponse(404, {
        detail: `no route matches this ${req.method} request; see backend/README.md for the API's paths`,
      }).toBody(),
    );
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    // PostgreSQL mode: the server is down or restarting. 503 tells clients to retry later.
    if (err instanceof DatabaseUnavailableError) {
      req.log.warn({ status: 503, reason: err.reason }, "database unavailable");
      return send(reply.header("Retry-After", "1"), 503, new ErrorResponse(503, { detail: err.message }).toBody());
    }
    const problem = err instanceof ErrorResponse ? err : fastifyProblem(err, options.bodyLimit);
    if (problem) {
      req.log.info({ status: problem.status }, "request refused");
      return send(reply, problem.status, problem.toBody());
    }
    // Not `{ err }`: database errors carry the query's parameters (request contents).
    req.log.error({ error: { message: err.message, code: err.code, stack: err.stack } }, "request failed");
    return send(reply, 500, new ErrorResponse(500, { detail: "internal error; see the backend log" }).toBody());
  });

  return app;
}
