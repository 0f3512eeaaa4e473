/**
 * HTTP/1.1 over a plain socket, byte for byte: the request target, headers and body are sent
 * exactly as given (no URL normalization, no header validation), which is what probing a server
 * with hostile requests needs. The server is asked to close the connection after answering.
 */
import net from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text ("" when none). */
  text: string;
  /** The whole response as received, status line and headers included. */
  raw: string;
}

export interface RawRequest {
  method: string;
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Send `request` (or literal bytes) to `url`'s host and port; resolves when the server closes. */
export function sendRaw(url: string, request: RawRequest | string | Buffer, timeoutMs = 15_000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  let bytes: Buffer;
  if (typeof request === "string" || Buffer.isBuffer(request)) {
    bytes = Buffer.from(request);
  } else {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const headers: Record<string, string> = { Host: `${hostname}:${port}`, Connection: "close", ...request.headers };
    if (body !== undefined && !Object.keys(headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h)))
      headers["Content-Length"] = String(body.length);
    const head = `${request.method} ${request.target} HTTP/1.1\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("")}\r\n`;
    bytes = Buffer.concat([Buffer.from(head, "latin1"), body ?? Buffer.alloc(0)]);
  }
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no complete answer within ${timeoutMs} ms; got: ${Buffer.concat(chunks).toString("latin1").slice(0, 300)}`,
        ),
      );
    }, timeoutMs);
    socket.on("data", (d) => chunks.push(d));
    // The server may close while we are still writing (e.g. after an oversized header): keep what it sent.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString("utf8");
      const end = raw.indexOf("\r\n\r\n");
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
      if (!match || end < 0) return reject(new Error(`not an HTTP response: ${JSON.stringify(raw.slice(0, 300))}`));
      const headers: Record<string, string> = {};
      for (const line of raw.slice(0, end).split("\r\n").slice(1)) {
        const at = line.indexOf(":");
        headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(match[1]), headers, text: raw.slice(end + 4), raw });
    });
    socket.write(bytes);
  });
}
