/**
 * A tiny real HTTP proxy in front of the test backend, as a user might put in front of Datadog:
 * it forwards requests (keys included) and records each one (and its body), but can answer some routes itself,
 * e.g. `404 {"errors":["Not found"]}` for a route the target does not have.
 */
import http from "node:http";
import { listenOnLoopback } from "./loopback-server";

export interface ProxiedRequest {
  method: string;
  path: string;
}
export type Answer = { status: number; body: unknown } | undefined;

/** A request with the body it carried: what reached the target. */
export interface SentRequest extends ProxiedRequest {
  body: string;
}

export interface Proxy {
  url: string;
  requests: ProxiedRequest[];
  /** The same requests, with their bodies ("" when none). */
  sent: SentRequest[];
  close(): Promise<void>;
}

/** `answer` may reply instead of the backend (return undefined to forward). */
export async function startProxy(
  target: string,
  answer: (req: ProxiedRequest) => Answer = () => undefined,
): Promise<Proxy> {
  const requests: ProxiedRequest[] = [];
  const sent: SentRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const seen = { method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0] };
      requests.push(seen);
      sent.push({ ...seen, body: Buffer.concat(chunks).toString("utf8") });
      const own = answer(seen);
      if (own) {
        res.writeHead(own.status, { "content-type": "application/json" }).end(JSON.stringify(own.body));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const upstream = await fetch(target + (req.url ?? "/"), { method: req.method, headers, body });
      const text = Buffer.from(await upstream.arrayBuffer());
      // The target's own headers too (ETag, what it says it serves), as a real proxy would; not
      // those about this one hop's body (fetch has already decoded it).
      const back: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"].includes(name))
          back[name] = value;
      });
      res.writeHead(upstream.status, { "content-type": "application/json", ...back }).end(text);
    });
  });
  return { ...(await listenOnLoopback(server)), requests, sent };
}
