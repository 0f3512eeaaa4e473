/**
 * The bench's one HTTP sender: requests to backends on 127.0.0.1 only (anything else is refused
 * before a request is made), spread round-robin over their ports, over one keep-alive agent,
 * with the first backend's keys.
 */
import http from "node:http";
import type { BenchBackend } from "./backend-process";

export interface Reply {
  status: number;
  body: string;
}

export type Send = (method: string, path: string, body?: unknown) => Promise<Reply>;

export function loopbackSender(
  backends: readonly BenchBackend[],
  maxSockets: number,
): { send: Send; agent: http.Agent } {
  const ports = backends.map((b) => {
    const base = new URL(b.url);
    if (base.hostname !== "127.0.0.1")
      throw new Error(`refusing to load anything but 127.0.0.1 (got ${base.hostname})`);
    return Number(base.port);
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const headers = { "DD-API-KEY": backends[0].apiKey, "DD-APPLICATION-KEY": backends[0].appKey };
  let spread = 0;
  const send: Send = (method, path, body) =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          host: "127.0.0.1",
          port: ports[spread++ % ports.length],
          method,
          path,
          agent,
          headers:
            data === undefined
              ? headers
              : { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(data);
    });
  return { send, agent };
}
