/**
 * A stand-in target on 127.0.0.1:0 that serves fixed connections and groups in Datadog's wire
 * shapes (the lists, paged, and reading one), and answers anything else with a JSON:API 404. It
 * plays a target that chooses every name, tag and id (a hostile one), or one whose pages are
 * short. Every request is recorded.
 */
import * as http from "node:http";
import { listenOnLoopback } from "./loopback-server";
import { ROUTES, WIRE_TYPES } from "pulumi-workflow-connections-rules";

export interface StandInConnection {
  id: string;
  /** Wire attributes: name, tags, integration (wire shape). */
  attributes: Record<string, unknown>;
}

export interface StandInGroup {
  id: string;
  /** Wire attributes: name, description, integration_type, tag_keys, connections. */
  attributes: Record<string, unknown>;
}

export interface StandInTarget {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export interface StandInOptions {
  /** The most items a page holds, whatever the client asks (a target may cap it). */
  maxPageSize?: number;
  /** Answer every list request with its first page (a target that ignores `page[number]`). */
  ignorePageNumber?: boolean;
  /** Leave `meta` out of list answers (no total to stop at). */
  noMeta?: boolean;
}

function paged(items: { id: string }[], url: URL, type: string, options: StandInOptions) {
  const asked = Number(url.searchParams.get("page[size]") ?? 50);
  const size = Math.min(asked, options.maxPageSize ?? Infinity);
  const number = options.ignorePageNumber ? 0 : Number(url.searchParams.get("page[number]") ?? 0);
  const data = items.slice(number * size, number * size + size).map((i) => ({ type, ...i }));
  return options.noMeta ? { data } : { data, meta: { total: items.length, total_filtered: items.length } };
}

export async function startStandInTarget(
  connections: StandInConnection[],
  groups: StandInGroup[] = [],
  options: StandInOptions = {},
): Promise<StandInTarget> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? "/", "http://stand-in");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const notFound = () => send(404, { errors: [{ status: "404", title: "Not Found", detail: "not found" }] });
    if (req.method !== "GET") return notFound();
    const path = decodeURIComponent(url.pathname);
    if (path === ROUTES.connections) return send(200, paged(connections, url, WIRE_TYPES.connection, options));
    if (path === ROUTES.groups) return send(200, paged(groups, url, WIRE_TYPES.group, options));
    for (const [route, items, type] of [
      [ROUTES.groups, groups, WIRE_TYPES.group],
      [ROUTES.connections, connections, WIRE_TYPES.connection],
    ] as const) {
      if (!path.startsWith(`${route}/`)) continue;
      const found = items.find((i) => i.id === path.slice(route.length + 1));
      return found ? send(200, { data: { type, ...found } }) : notFound();
    }
    return notFound();
  });
  return { ...(await listenOnLoopback(server)), requests };
}
