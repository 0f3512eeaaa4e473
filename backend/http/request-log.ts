/**
 * What a request looks like in the log: method, path, and the query's parameter names with
 * every value replaced by "[redacted]" (a query may carry keys, e.g. `?api_key=...`, or any other
 * secret a client puts there). Headers and bodies are never logged.
 */
import type { FastifyRequest } from "fastify";

const MAX_LOGGED = 300;
const short = (text: string) => (text.length > MAX_LOGGED ? `${text.slice(0, MAX_LOGGED)}…` : text);

/** `/a?api_key=k&x=1` -> `/a?api_key=[redacted]&x=[redacted]`. */
export function redactedUrl(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return short(url);
  const names = url
    .slice(at + 1)
    .split("&")
    .filter((part) => part !== "")
    .map((part) => `${short(part.split("=")[0])}=[redacted]`);
  return `${short(url.slice(0, at))}?${names.join("&")}`;
}

export const requestSerializer = (req: FastifyRequest) => ({
  method: req.method,
  url: redactedUrl(req.url),
  remoteAddress: req.ip,
});
