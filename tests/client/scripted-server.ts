/**
 * A small scripted HTTP server on 127.0.0.1 (random port) for fault tests: each request gets
 * the next step of a script: a response, a reset connection, or no answer at all. Every request
 * is recorded (method, url, headers, body). The request count is bounded: once the script is
 * used up, requests get a non-retryable 418 "script exhausted" so a runaway loop fails fast.
 */
import http from "node:http";
import { AddressInfo, Socket } from "node:net";

export type Step =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Destroy the socket after reading the request (the server saw it, the client gets ECONNRESET). */
  | "reset"
  /** Never answer (the client's timeout fires). */
  | "hang";

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, when it is. */
  json?: unknown;
}

export type Script = Step[] | ((req: RecordedRequest, index: number) => Step);

export interface ScriptedServerOptions {
  /** Hard bound on requests answered from the script (default: the script's length, or 100 for a function). */
  maxRequests?: number;
  /** Listen on this port (default: a random free one). */
  port?: number;
}

export class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: http.Server,
    private readonly script: Script,
    private readonly maxRequests: number,
  ) {}

  static async start(script: Script, options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
    const server = http.createServer();
    const max = options.maxRequests ?? (Array.isArray(script) ? script.length : 100);
    const scripted = new ScriptedServer(server, script, max);
    server.on("connection", (s) => {
      scripted.sockets.add(s);
      s.on("close", () => scripted.sockets.delete(s));
    });
    server.on("request", (req, res) => scripted.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    return scripted;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** How many requests arrived (of one method, if given). */
  count(method?: string): number {
    return method ? this.requests.filter((r) => r.method === method).length : this.requests.length;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = req.url ?? "/";
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url,
        path: url.split("?")[0],
        headers: req.headers,
        body,
      };
      try {
        if (body) recorded.json = JSON.parse(body);
      } catch {
        /* not JSON */
      }
      const index = this.requests.length;
      this.requests.push(recorded);
      let step: Step | undefined;
      if (index < this.maxRequests)
        step = Array.isArray(this.script) ? this.script[index] : this.script(recorded, index);
      if (!step)
        step = {
          status: 418,
          body: { errors: [{ title: "script exhausted", detail: `request ${index + 1} is beyond the script` }] },
        };
      if (step === "reset") {
        req.socket.destroy();
        return;
      }
      if (step === "hang") return;
      const isText = typeof step.body === "string";
      const payload = step.body === undefined ? "" : isText ? (step.body as string) : JSON.stringify(step.body);
      res.writeHead(step.status, {
        ...(payload ? { "Content-Type": isText ? "text/plain" : "application/vnd.api+json" } : {}),
        ...step.headers,
      });
      res.end(payload);
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A connection document as the API returns it. */
export function connectionDoc(id: string, attributes: Record<string, unknown> = {}): unknown {
  return {
    data: {
      id,
      type: "action_connection",
      attributes: {
        name: "conn",
        tags: [],
        integration: { type: "HTTP", base_url: "https://example.com", credentials: { type: "HTTPTokenAuth" } },
        ...attributes,
      },
    },
  };
}

/** A JSON:API error body. */
export function errorDoc(...details: string[]): unknown {
  return { errors: details.map((detail) => ({ title: "Error", detail })) };
}
