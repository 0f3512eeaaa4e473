/**
 * The core: the one place that sends HTTP. One axios instance per client, keep-alive agents,
 * a per-attempt timeout, JSON:API headers, auth headers, retries (retry.ts), and typed errors
 * (errors/). Every status is handled here (`validateStatus: () => true`): 2xx is returned,
 * anything else becomes an ApiError subclass.
 *
 * The keys live in private fields and are added per request; no error, and nothing reachable
 * from an error, holds them (no axios error, config or request object is ever kept).
 */
import http from "node:http";
import https from "node:https";
import axios, { AxiosInstance, AxiosResponse } from "axios";
import { ResolvedClientOptions } from "./options";
import { Target } from "./sites";
import { Outcome, backoffDelay, defaultSleep, isIdempotent, isRetryable, NOT_SENT_CODES, retryAfterMs } from "./retry";
import { ApiError } from "./errors/api-error";
import { errorFromFailure, errorFromResponse } from "./errors/from-response";
import { makeRedactor } from "./redact";
import { HttpResponse, JSON_API_HEADERS, RequestSpec, queryString } from "./request-spec";

export { JSON_API_HEADERS, queryString } from "./request-spec";
export type { HttpResponse, QueryValue, RequestSpec } from "./request-spec";

function parseBody(data: unknown): unknown {
  if (typeof data !== "string") return data;
  if (data.trim() === "") return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** The code of a request that got no response, and whether it was our timeout. */
function failureOf(e: unknown): { code: string; timedOut: boolean } {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === "string" ? err.code : "UNKNOWN";
  const message = typeof err?.message === "string" ? err.message : "";
  const timedOut = code === "ETIMEDOUT" || (code === "ECONNABORTED" && /timeout/i.test(message));
  return { code, timedOut };
}

export class HttpCore {
  readonly target: Target;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  #axios: AxiosInstance;
  #agents: { http: http.Agent; https: https.Agent };
  /** For requests not safe to repeat: a fresh connection, so a stale keep-alive socket can't reset a create. */
  #freshAgents: { http: http.Agent; https: https.Agent };
  #apiKey: string;
  #appKey: string;
  #userAgent: string;
  #retry: ResolvedClientOptions["retry"];

  constructor(options: ResolvedClientOptions) {
    this.target = options.target;
    this.timeoutMs = options.timeoutMs;
    this.maxRetries = options.maxRetries;
    this.#apiKey = options.apiKey;
    this.#appKey = options.appKey;
    this.#userAgent = options.userAgent;
    this.#retry = options.retry;
    this.#agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
    this.#freshAgents = { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };
    this.#axios = axios.create({
      timeout: options.timeoutMs,
      validateStatus: () => true,
      httpAgent: this.#agents.http,
      httpsAgent: this.#agents.https,
      responseType: "text",
      transformRequest: [(data) => data],
      transformResponse: [(data) => data],
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      // Auth headers must never follow a redirect to another host.
      maxRedirects: 0,
    });
  }

  get baseUrl(): string {
    return this.target.baseUrl;
  }

  /** Sends with retries; resolves with a 2xx response, else throws an ApiError subclass. */
  async request<T = unknown>(spec: RequestSpec): Promise<HttpResponse<T>> {
    const { method, path } = spec;
    const url = `${this.baseUrl}${path}${queryString(spec.query)}`;
    const data = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const redact = makeRedactor([this.#apiKey, this.#appKey, ...(spec.secrets ?? [])]);
    const sleep = this.#retry.sleep ?? defaultSleep;
    const random = this.#retry.random ?? Math.random;
    const host = new URL(this.baseUrl).host;
    // A reused keep-alive socket the server has just closed fails with ECONNRESET, which a create
    // must not retry; a fresh connection for non-repeatable requests avoids that trap.
    const idempotent = spec.ifMatch !== undefined ? false : spec.idempotent;
    const agents = isIdempotent(method, idempotent) ? this.#agents : this.#freshAgents;
    const conditional = spec.ifMatch !== undefined ? { "If-Match": spec.ifMatch } : {};

    for (let attempt = 1; ; attempt++) {
      let response: AxiosResponse | undefined;
      let failure: { code: string; timedOut: boolean } | undefined;
      try {
        response = await this.#axios.request({
          method,
          url,
          data,
          httpAgent: agents.http,
          httpsAgent: agents.https,
          headers: {
            ...JSON_API_HEADERS,
            "User-Agent": this.#userAgent,
            "DD-API-KEY": this.#apiKey,
            "DD-APPLICATION-KEY": this.#appKey,
            ...conditional,
          },
        });
      } catch (e) {
        failure = failureOf(e); // the axios error (config, headers, keys) goes no further
      }

      if (response && response.status >= 200 && response.status < 300) {
        return { status: response.status, headers: { ...response.headers }, body: parseBody(response.data) as T };
      }

      const headers = response ? { ...(response.headers as Record<string, unknown>) } : {};
      const outcome: Outcome = response
        ? { kind: "response", status: response.status, headers }
        : failure!.timedOut
          ? { kind: "timeout" }
          : { kind: "network", code: failure!.code };
      const serverWait =
        response && (response.status === 429 || response.status === 503) ? retryAfterMs(headers) : undefined;

      let note: string | undefined;
      let wait: number | undefined;
      const retryable =
        spec.ifMatch !== undefined
          ? isRetryable(method, outcome, false) || (outcome.kind === "response" && outcome.status === 503)
          : isRetryable(method, outcome, idempotent);
      if (retryable) {
        if (serverWait !== undefined && serverWait > this.#retry.maxRetryAfterMs) {
          note = `the server asked to wait ${Math.ceil(serverWait / 1000)} s, longer than the ${Math.ceil(this.#retry.maxRetryAfterMs / 1000)} s the client waits`;
        } else if (attempt <= this.maxRetries) {
          wait = serverWait ?? backoffDelay(attempt - 1, this.#retry.baseDelayMs, this.#retry.maxDelayMs, random);
        }
      } else if (
        spec.ifMatch !== undefined &&
        (outcome.kind === "timeout" ||
          (outcome.kind === "network" && !NOT_SENT_CODES.includes(outcome.code)) ||
          (outcome.kind === "response" && outcome.status >= 500 && outcome.status !== 503))
      ) {
        note =
          "not retried: it carried If-Match and may have been applied (a repeat would then be refused with 412); read the resource to see";
      } else if (spec.ifMatch !== undefined && outcome.kind === "response" && outcome.status === 412 && attempt > 1) {
        note =
          "an earlier attempt of this request was answered 503 or 429 and retried; read the resource to see whether the change is there";
      } else if (
        method === "POST" &&
        spec.idempotent !== true &&
        !(outcome.kind === "network" && NOT_SENT_CODES.includes(outcome.code)) &&
        !(outcome.kind === "response" && outcome.status < 500)
      ) {
        note =
          "not retried: the server may have received it, so repeating could create a duplicate; check before creating again";
      }
      if (wait !== undefined) {
        await sleep(wait);
        continue;
      }

      let error: ApiError = response
        ? errorFromResponse({
            method,
            path,
            status: response.status,
            headers,
            body: parseBody(response.data),
            attempts: attempt,
            retryAfterMs: serverWait,
            note,
            redact,
          })
        : errorFromFailure({
            method,
            path,
            code: failure!.code,
            timedOut: failure!.timedOut,
            timeoutMs: this.timeoutMs,
            host,
            attempts: attempt,
            note,
          });
      if (spec.mapError) error = spec.mapError(error, response ? parseBody(response.data) : undefined);
      throw error;
    }
  }

  /** Closes idle keep-alive sockets. The client stays usable (new sockets are opened). */
  close(): void {
    for (const agent of [this.#agents.http, this.#agents.https, this.#freshAgents.http, this.#freshAgents.https])
      agent.destroy();
  }
}
