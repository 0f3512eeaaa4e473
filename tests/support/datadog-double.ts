/**
 * A test double of Datadog's Action Connections API: a small HTTP server on 127.0.0.1 that
 * answers exactly what a Datadog site answers, in Datadog's shapes, and nothing more:
 * - the stable operations: create, get, patch, delete a connection; `GET /api/v1/validate`;
 *   `GET /api/v2/current_user` and the user's team memberships (who the application key is);
 * - the three unstable ones: list connections, list connection groups, update a connection group;
 * - every other route (creating, reading one or deleting a group, restriction policies, group
 *   member relationships, resolve) is 404 `{"errors": ["Not found"]}`, as Datadog answers a route
 *   it does not have.
 * Groups exist only by seeding (`seedGroup`), as on Datadog, where they are made in the UI.
 * State is in memory; every request is recorded (`requests`), so a test can count them.
 */
import crypto from "node:crypto";
import http from "node:http";
import { AddressInfo } from "node:net";
import { integrationFromWire, isObj, ROUTES, WireIntegration } from "pulumi-workflow-connections-rules";
import { blankSecrets } from "../../backend/secrets/sealed-integration";

export interface DoubleRequest {
  method: string;
  path: string;
  query: URLSearchParams;
}

/** A connection as the double keeps it (wire attributes, secrets included). */
export interface DoubleConnection {
  id: string;
  name: string;
  integration: WireIntegration;
  tags: string[];
  created_at: string;
  last_updated: string;
}

/** A group as the double keeps it (Datadog's attribute names). */
export interface DoubleGroup {
  id: string;
  name: string;
  description?: string;
  integration_type: string;
  tag_keys: string[];
  connections: string[];
  created_at: string;
  last_updated_at: string;
}

export interface DatadogDouble {
  url: string;
  apiKey: string;
  appKey: string;
  requests: DoubleRequest[];
  connections: Map<string, DoubleConnection>;
  groups: Map<string, DoubleGroup>;
  seedConnection(attributes: { name: string; integration: WireIntegration; tags?: string[] }): DoubleConnection;
  seedGroup(attributes: {
    name: string;
    description?: string;
    integration_type: string;
    tag_keys: string[];
    connections?: string[];
  }): DoubleGroup;
  close(): Promise<void>;
}

const USER_ID = "3f1e0c5a-6d2b-4c7e-9a8f-1b2c3d4e5f60";
const ORG_ID = "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d";
const GROUPS_PATH: string = ROUTES.groups;
const DEFAULT_PAGE_SIZE = 50;

type Reply = { status: number; body?: unknown };
const jsonApiError = (status: number, detail: string): Reply => ({
  status,
  body: { errors: [{ status: String(status), title: http.STATUS_CODES[status], detail }] },
});
/** What Datadog answers for a route it does not have, or a request without valid keys. */
const NOT_FOUND: Reply = { status: 404, body: { errors: ["Not found"] } };
const FORBIDDEN: Reply = { status: 403, body: { errors: ["Forbidden"] } };

const now = () => new Date().toISOString();

function connectionResource(c: DoubleConnection) {
  return {
    id: c.id,
    type: "action_connection",
    attributes: {
      name: c.name,
      integration: blankSecrets(c.integration),
      tags: c.tags,
      created_at: c.created_at,
      last_updated: c.last_updated,
      created_by: { id: USER_ID },
      acting_user_can_resolve: true,
      is_favorite: false,
      // Required by the spec, "nullable" beside a $ref: a connection without an external secrets manager.
      external_secrets_manager: null,
    },
  };
}

function groupResource(g: DoubleGroup) {
  return {
    id: g.id,
    type: "connection_group",
    attributes: {
      name: g.name,
      ...(g.description === undefined ? {} : { description: g.description }),
      integration_type: g.integration_type,
      tag_keys: g.tag_keys,
      connections: g.connections,
      created_at: g.created_at,
      last_updated_at: g.last_updated_at,
      is_favorite: false,
    },
    relationships: { created_by: { data: { id: USER_ID, type: "created_by" } } },
  };
}

/** `page[size]`/`page[number]` (0-based, default 50) over `items`, with Datadog's list meta. */
function page<T>(query: URLSearchParams, all: T[], matching: T[], integrationOf: (t: T) => string): Reply | unknown {
  const size = query.has("page[size]") ? Number(query.get("page[size]")) : DEFAULT_PAGE_SIZE;
  const number = query.has("page[number]") ? Number(query.get("page[number]")) : 0;
  if (!Number.isInteger(size) || size < 1 || !Number.isInteger(number) || number < 0)
    return jsonApiError(400, "page[size] must be a positive integer and page[number] a non-negative integer");
  const counts = new Map<string, { integration_type: string; total_count: number; filtered_count: number }>();
  for (const t of all) {
    const type = integrationOf(t);
    const c = counts.get(type) ?? { integration_type: type, total_count: 0, filtered_count: 0 };
    c.total_count++;
    counts.set(type, c);
  }
  for (const t of matching) counts.get(integrationOf(t))!.filtered_count++;
  return {
    status: 200,
    body: {
      data: matching.slice(size * number, size * (number + 1)),
      meta: { total: all.length, total_filtered: matching.length, integration_counts: [...counts.values()] },
    },
  };
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch {
        resolve(Symbol.for("malformed"));
      }
    });
  });
}

export async function startDatadogDouble(): Promise<DatadogDouble> {
  const apiKey = crypto.randomBytes(16).toString("hex");
  const appKey = crypto.randomBytes(20).toString("hex");
  const requests: DoubleRequest[] = [];
  const connections = new Map<string, DoubleConnection>();
  const groups = new Map<string, DoubleGroup>();

  const seedConnection: DatadogDouble["seedConnection"] = (a) => {
    const at = now();
    const c = {
      id: crypto.randomUUID(),
      name: a.name,
      integration: a.integration,
      tags: a.tags ?? [],
      created_at: at,
      last_updated: at,
    };
    connections.set(c.id, c);
    return c;
  };
  const seedGroup: DatadogDouble["seedGroup"] = (a) => {
    const at = now();
    const g: DoubleGroup = {
      id: crypto.randomUUID(),
      name: a.name,
      ...(a.description === undefined ? {} : { description: a.description }),
      integration_type: a.integration_type,
      tag_keys: a.tag_keys,
      connections: a.connections ?? [],
      created_at: at,
      last_updated_at: at,
    };
    groups.set(g.id, g);
    return g;
  };

  /** The connection attributes of a create or patch body, or an error reply. */
  function connectionAttributes(body: unknown, creating: boolean): Reply | Record<string, unknown> {
    if (!isObj(body) || !isObj(body.data) || body.data.type !== "action_connection")
      return jsonApiError(400, 'data.type must be "action_connection"');
    const a = isObj(body.data.attributes) ? body.data.attributes : {};
    if (creating && (typeof a.name !== "string" || !isObj(a.integration)))
      return jsonApiError(400, "attributes.name and attributes.integration are required");
    if (a.integration !== undefined && creating && !integrationFromWire(a.integration, true).spec)
      return jsonApiError(400, "attributes.integration is not a valid integration");
    if (a.tags !== undefined && (!Array.isArray(a.tags) || a.tags.some((t) => typeof t !== "string")))
      return jsonApiError(400, "attributes.tags must be a list of strings");
    return a;
  }

  /** Datadog's PATCH of an integration: credential fields given replace those stored, the rest stay. */
  function patchIntegration(current: WireIntegration, patch: Record<string, unknown>): WireIntegration {
    const creds = isObj(patch.credentials) ? patch.credentials : {};
    if (patch.type !== undefined && patch.type !== current.type) return patch as unknown as WireIntegration;
    if (creds.type !== undefined && creds.type !== current.credentials.type) return patch as unknown as WireIntegration;
    const next: WireIntegration = { ...current, credentials: { ...current.credentials } };
    if (typeof patch.base_url === "string") next.base_url = patch.base_url;
    for (const [field, value] of Object.entries(creds)) {
      if (Array.isArray(value)) {
        // Named entries (tokens, headers, url_parameters): `deleted: true` removes one, others replace by name.
        const list = [...((current.credentials[field] as { name: string }[] | undefined) ?? [])];
        for (const e of value as { name: string; deleted?: boolean }[]) {
          const at = list.findIndex((x) => x.name === e.name);
          if (e.deleted) {
            if (at >= 0) list.splice(at, 1);
          } else if (at >= 0) list[at] = e;
          else list.push(e);
        }
        next.credentials[field] = list;
      } else next.credentials[field] = value;
    }
    return next;
  }

  async function route(method: string, path: string, query: URLSearchParams, body: unknown): Promise<Reply> {
    if (method === "GET" && path === "/api/v1/validate") return { status: 200, body: { valid: true } };
    if (method === "GET" && path === "/api/v2/current_user")
      return {
        status: 200,
        body: {
          data: {
            type: "users",
            id: USER_ID,
            attributes: { name: "Double User", handle: "double@example.com", status: "Active" },
            relationships: { org: { data: { type: "orgs", id: ORG_ID } }, roles: { data: [] } },
          },
        },
      };
    if (method === "GET" && path === `/api/v2/users/${USER_ID}/memberships`) return { status: 200, body: { data: [] } };

    const conns = ROUTES.connections;
    if (path === conns && method === "GET") {
      const all = [...connections.values()];
      const integrations = query.getAll("filter[integration]");
      const tags = query.getAll("filter[tags]");
      const ids = query.getAll("filter[connection_ids]");
      const search = query.get("filter[search]")?.toLowerCase();
      const matching = all.filter(
        (c) =>
          (!integrations.length || integrations.includes(c.integration.type)) &&
          tags.every((t) => c.tags.includes(t)) &&
          (!ids.length || ids.includes(c.id)) &&
          (search === undefined || c.name.toLowerCase().includes(search)),
      );
      const reply = page(query, all, matching, (c) => c.integration.type) as Reply;
      if (reply.status === 200) {
        const b = reply.body as { data: DoubleConnection[] };
        b.data = b.data.map(connectionResource) as never;
      }
      return reply;
    }
    if (path === conns && method === "POST") {
      const a = connectionAttributes(body, true);
      if ("status" in a && typeof a.status === "number") return a as Reply;
      const c = seedConnection(a as { name: string; integration: WireIntegration; tags?: string[] });
      return { status: 201, body: { data: connectionResource(c) } };
    }
    // The literal `groups` segment is routed before `{connection_id}`.
    if (path === GROUPS_PATH) {
      if (method !== "GET") return NOT_FOUND;
      const all = [...groups.values()];
      const integrations = query.getAll("filter[integration]");
      const ids = query.getAll("filter[connection_group_ids]");
      const search = query.get("filter[search]")?.toLowerCase();
      const matching = all.filter(
        (g) =>
          (!integrations.length || integrations.includes(g.integration_type)) &&
          (!ids.length || ids.includes(g.id)) &&
          (search === undefined || g.name.toLowerCase().includes(search)),
      );
      const reply = page(query, all, matching, (g) => g.integration_type) as Reply;
      if (reply.status === 200) {
        const b = reply.body as { data: DoubleGroup[] };
        b.data = b.data.map(groupResource) as never;
      }
      return reply;
    }
    if (path.startsWith(`${GROUPS_PATH}/`)) {
      const id = decodeURIComponent(path.slice(GROUPS_PATH.length + 1));
      // Only PATCH exists on a group (no read-one, no delete, no sub-routes).
      if (method !== "PATCH" || id.includes("/")) return NOT_FOUND;
      const g = groups.get(id);
      if (!g) return jsonApiError(404, `connection group ${id} not found`);
      if (!isObj(body) || !isObj(body.data) || body.data.type !== "connection_group")
        return jsonApiError(400, 'data.type must be "connection_group"');
      const a = isObj(body.data.attributes) ? body.data.attributes : {};
      const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");
      if (a.connections !== undefined && !strings(a.connections))
        return jsonApiError(400, "attributes.connections must be a list of connection ids");
      if (a.tag_keys !== undefined && !strings(a.tag_keys))
        return jsonApiError(400, "attributes.tag_keys must be a list of strings");
      if (a.policy_attributes !== undefined && typeof a.policy_attributes !== "string")
        return jsonApiError(400, "attributes.policy_attributes must be a string");
      for (const m of (a.connections as string[] | undefined) ?? [])
        if (!connections.has(m)) return jsonApiError(400, `connection ${m} does not exist`);
      if (typeof a.name === "string") g.name = a.name;
      if (typeof a.description === "string") g.description = a.description;
      if (typeof a.integration_type === "string") g.integration_type = a.integration_type;
      if (a.tag_keys !== undefined) g.tag_keys = a.tag_keys as string[];
      if (a.connections !== undefined) g.connections = a.connections as string[];
      g.last_updated_at = now();
      return { status: 200, body: { data: groupResource(g) } };
    }
    if (path.startsWith(`${conns}/`)) {
      const id = decodeURIComponent(path.slice(conns.length + 1));
      if (id.includes("/")) return NOT_FOUND;
      if (!/^[0-9a-f-]{36}$/i.test(id)) return jsonApiError(400, "invalid connection id");
      const c = connections.get(id);
      if (method === "GET") return c ? { status: 200, body: { data: connectionResource(c) } } : notFound(id);
      if (method === "DELETE") {
        if (!c) return notFound(id);
        connections.delete(id);
        for (const g of groups.values()) g.connections = g.connections.filter((m) => m !== id);
        return { status: 204 };
      }
      if (method === "PATCH") {
        if (!c) return notFound(id);
        const a = connectionAttributes(body, false);
        if ("status" in a && typeof a.status === "number") return a as Reply;
        const attrs = a as Record<string, unknown>;
        if (typeof attrs.name === "string") c.name = attrs.name;
        if (attrs.tags !== undefined) c.tags = attrs.tags as string[];
        if (isObj(attrs.integration)) c.integration = patchIntegration(c.integration, attrs.integration);
        c.last_updated = now();
        return { status: 200, body: { data: connectionResource(c) } };
      }
    }
    return NOT_FOUND;
  }
  const notFound = (id: string) => jsonApiError(404, `connection ${id} not found`);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://double");
    const seen = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams };
    requests.push(seen);
    const body = await readJson(req);
    let reply: Reply;
    if (req.headers["dd-api-key"] !== apiKey || req.headers["dd-application-key"] !== appKey) reply = FORBIDDEN;
    else if (body === Symbol.for("malformed")) reply = jsonApiError(400, "malformed JSON");
    else reply = await route(seen.method, seen.path, url.searchParams, body);
    if (reply.body === undefined) res.writeHead(reply.status).end();
    else res.writeHead(reply.status, { "content-type": "application/vnd.api+json" }).end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    appKey,
    requests,
    connections,
    groups,
    seedConnection,
    seedGroup,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
