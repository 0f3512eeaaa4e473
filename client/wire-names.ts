/**
 * The few wire names the client owns (the integration mapping is rules/wire.ts): JSON:API
 * types, routes, and the camelCase <-> snake_case names of group attributes.
 */
export const WIRE_TYPES = {
  connection: "action_connection",
  group: "action_connection_group",
  policy: "restriction_policy",
} as const;

export const ROUTES = {
  connections: "/api/v2/actions/connections",
  groups: "/api/v2/actions/connection_groups",
  policies: "/api/v2/restriction_policy",
} as const;

/** GroupSpec field -> wire attribute. */
export const GROUP_ATTRIBUTES = {
  name: "name",
  integration: "integration_type",
  identifierTags: "identifier_tags",
  members: "connection_ids",
} as const;

/** Connection attributes the client reads besides name/tags/integration. */
export const CONNECTION_EXTRA_ATTRIBUTES = {
  actingUserCanResolve: "acting_user_can_resolve",
} as const;

/** Restriction policy resource ids. */
export const POLICY_RESOURCE = {
  connection: (id: string) => `connection:${id}`,
  group: (id: string) => `connection-group:${id}`,
} as const;

/** One URL path segment, encoded; empty ids are refused rather than hitting a collection route. */
export function segment(what: string, id: string): string {
  if (typeof id !== "string" || id.trim() === "") throw new TypeError(`${what} must be a non-empty string`);
  return encodeURIComponent(id);
}

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** `{ data: { id, attributes } }` of a JSON:API document, or undefined. */
export function resourceOf(body: unknown): { id: string; attributes: Obj } | undefined {
  const data = isObj(body) ? body.data : undefined;
  if (!isObj(data) || typeof data.id !== "string") return undefined;
  return { id: data.id, attributes: isObj(data.attributes) ? data.attributes : {} };
}

export const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
