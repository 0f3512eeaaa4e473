/**
 * The wire contract's names, written once: JSON:API resource types, routes, the group
 * attributes (program name -> wire name) and restriction-policy resource ids. The client builds
 * requests with them, the backend reads requests and writes responses with them, the provider
 * names policies with them. (The integration mapping is wire.ts.)
 */
import { UUID } from "./ids";

export const WIRE_TYPES = {
  connection: "action_connection",
  group: "connection_group",
  policy: "restriction_policy",
} as const;

/**
 * `connections` and `groups` are Datadog's paths (list connections, list groups, and PATCH
 * `groups/{id}`); the rest under `groups` (create, read one, delete, members, resolve) are the
 * local backend's extensions of the same resource.
 */
export const ROUTES = {
  connections: "/api/v2/actions/connections",
  groups: "/api/v2/actions/connections/groups",
  policies: "/api/v2/restriction_policy",
} as const;

/**
 * The response header of the group list naming the group extensions a backend serves (the
 * local backend sends it; Datadog does not): a client learns what a target can do from the one
 * list request it sends anyway.
 */
export const GROUP_EXTENSIONS_HEADER = "x-connection-group-extensions";
/** The extensions that header may name. */
export const GROUP_EXTENSIONS = ["create", "read", "delete", "members", "resolve"] as const;
export type GroupExtension = (typeof GROUP_EXTENSIONS)[number];

/** A group as the rules see it (`GroupSpec` field) -> its wire attribute. */
export const GROUP_ATTRIBUTES = {
  name: "name",
  description: "description",
  integration: "integration_type",
  identifierTags: "tag_keys",
  members: "connections",
} as const;
export type GroupField = keyof typeof GROUP_ATTRIBUTES;

/** Connection attributes read besides name, tags and integration. */
export const CONNECTION_EXTRA_ATTRIBUTES = {
  actingUserCanResolve: "acting_user_can_resolve",
} as const;

/**
 * A group's update-only attribute: Datadog's PATCH takes it (a string of unspecified format)
 * and no response carries it.
 */
export const GROUP_POLICY_ATTRIBUTES = "policy_attributes";

/** What a restriction policy can be about: the prefix of its resource id. */
export const POLICY_KINDS = ["connection", "connection-group"] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/** `connection:<id>` / `connection-group:<id>`. */
export const policyResourceId = (kind: PolicyKind, id: string): string => `${kind}:${id}`;

export const POLICY_RESOURCE = {
  connection: (id: string) => policyResourceId("connection", id),
  group: (id: string) => policyResourceId("connection-group", id),
} as const;

/** A policy resource id -> its kind and (lower-cased) UUID, or undefined when it is not one. */
export function parsePolicyResourceId(resourceId: string): { kind: PolicyKind; id: string } | undefined {
  const colon = resourceId.indexOf(":");
  const kind = resourceId.slice(0, colon) as PolicyKind;
  const id = resourceId.slice(colon + 1);
  if (colon < 0 || !POLICY_KINDS.includes(kind) || !UUID.test(id)) return undefined;
  return { kind, id: id.toLowerCase() };
}
