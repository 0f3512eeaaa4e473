/**
 * Connection groups: our backend's `/api/v2/actions/connection_groups[/{id}]`, type
 * `action_connection_group`. Datadog has no groups API: against a Datadog site every call
 * throws UnsupportedError without sending anything; against another target, a 404 that is
 * not a JSON:API error (the route does not exist) becomes UnsupportedError too.
 */
import {
  GROUP_ATTRIBUTES,
  GroupSpec,
  isObj,
  resourceOf,
  ROUTES,
  stringList,
  WIRE_TYPES,
} from "pulumi-workflow-connections-rules";
import { ApiError } from "./errors/api-error";
import { NotFoundError } from "./errors/not-found-error";
import { UnsupportedError } from "./errors/unsupported-error";
import { unexpectedBody } from "./errors/unexpected";
import { isJsonApiErrorBody } from "./errors/from-response";
import { HttpCore, HttpResponse, RequestSpec } from "./http";
import { WriteConditions, etagFrom } from "./etag";
import { CreatedWithPolicy, InitialPolicy, echoedPolicy, initialPolicyMeta } from "./initial-policy";
import { HttpMethod } from "./retry";
import { RemoteConnection, connectionFromWire } from "./connections";
import { segment } from "./path-segment";

/** Page size used when walking all groups (the backend allows up to 100). */
const LIST_PAGE_SIZE = 100;

export interface RemoteGroup {
  id: string;
  name: string;
  /** The members' integration type. */
  integration: string;
  identifierTags: string[];
  /** Member connection ids. */
  members: string[];
  /** Its ETag, when the server sends one: pass it as `ifMatch`. */
  etag?: string;
}

/** GroupSpec (camelCase) -> wire attributes; only the fields given. */
export function groupAttributesToWire(spec: Partial<GroupSpec>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [camel, wire] of Object.entries(GROUP_ATTRIBUTES)) {
    const v = (spec as Record<string, unknown>)[camel];
    if (v !== undefined) out[wire] = v;
  }
  return out;
}

function groupFromResource(res: { id: string; attributes: Record<string, unknown> }): RemoteGroup {
  const a = res.attributes;
  const integration = a[GROUP_ATTRIBUTES.integration];
  const name = a[GROUP_ATTRIBUTES.name];
  return {
    id: res.id,
    name: typeof name === "string" ? name : "",
    integration: typeof integration === "string" ? integration : "",
    identifierTags: stringList(a[GROUP_ATTRIBUTES.identifierTags]),
    members: stringList(a[GROUP_ATTRIBUTES.members]),
  };
}

export function groupFromWire(body: unknown): RemoteGroup | undefined {
  const res = resourceOf(body);
  return res && groupFromResource(res);
}

export class Groups {
  constructor(private readonly core: HttpCore) {}

  private unsupported(method: HttpMethod, path: string, why: string, status?: number): UnsupportedError {
    return new UnsupportedError({
      method,
      path,
      status,
      summary: `The target ${this.core.baseUrl} has no connection groups API (${why}); ConnectionGroup needs the local backend or another target with ${ROUTES.groups}`,
    });
  }

  private async send(spec: Omit<RequestSpec, "mapError">) {
    if (this.core.target.isDatadog) throw this.unsupported(spec.method, spec.path, "Datadog offers none");
    return this.core.request({
      ...spec,
      mapError: (error: ApiError, body: unknown) =>
        error instanceof NotFoundError && !isJsonApiErrorBody(body)
          ? this.unsupported(spec.method, spec.path, "404 without an API error: no such route")
          : error,
    });
  }

  private parse(method: HttpMethod, path: string, res: HttpResponse): RemoteGroup {
    const group = groupFromWire(res.body);
    if (!group)
      throw unexpectedBody(
        method,
        path,
        res.status,
        `{"data": {"type": "${WIRE_TYPES.group}", "id": ..., "attributes": ...}}`,
      );
    const etag = etagFrom(res.headers);
    return etag ? { ...group, etag } : group;
  }

  async create(spec: GroupSpec): Promise<RemoteGroup> {
    const path = ROUTES.groups;
    const res = await this.send({
      method: "POST",
      path,
      body: { data: { type: WIRE_TYPES.group, attributes: groupAttributesToWire(spec) } },
    });
    return this.parse("POST", path, res);
  }

  /** Creates the group and its restriction policy in one step (client/initial-policy.ts). */
  async createWithPolicy(spec: GroupSpec, policy: InitialPolicy): Promise<CreatedWithPolicy<RemoteGroup>> {
    const path = ROUTES.groups;
    const body = {
      data: { type: WIRE_TYPES.group, attributes: groupAttributesToWire(spec) },
      meta: initialPolicyMeta(policy),
    };
    const res = await this.send({ method: "POST", path, body });
    return { resource: this.parse("POST", path, res), policy: echoedPolicy(res.body) };
  }

  async get(id: string): Promise<RemoteGroup> {
    const path = `${ROUTES.groups}/${segment("group id", id)}`;
    const res = await this.send({ method: "GET", path });
    return this.parse("GET", path, res);
  }

  /** PATCH with only the fields given; nothing given -> just a get. `ifMatch`: see Connections.update. */
  async update(id: string, change: Partial<GroupSpec>, conditions: WriteConditions = {}): Promise<RemoteGroup> {
    const path = `${ROUTES.groups}/${segment("group id", id)}`;
    const attributes = groupAttributesToWire(change);
    if (Object.keys(attributes).length === 0) return this.get(id);
    const res = await this.send({
      method: "PATCH",
      path,
      body: { data: { type: WIRE_TYPES.group, attributes } },
      ifMatch: conditions.ifMatch,
    });
    return this.parse("PATCH", path, res);
  }

  /** A 404 is thrown (NotFoundError): callers decide whether "already gone" is fine. */
  async delete(id: string, conditions: WriteConditions = {}): Promise<void> {
    await this.send({
      method: "DELETE",
      path: `${ROUTES.groups}/${segment("group id", id)}`,
      ifMatch: conditions.ifMatch,
    });
  }

  /**
   * Whether the target has a groups API at all, with one read-only request (none to a Datadog
   * site, which has none). A 404 or 405 on the list route means the route does not exist,
   * whatever the body says (a proxy in front of Datadog answers `{"errors":["Not found"]}`):
   * UnsupportedError. Any other failure is thrown as it is; it says nothing about the route.
   */
  async probe(): Promise<void> {
    const path = ROUTES.groups;
    if (this.core.target.isDatadog) throw this.unsupported("GET", path, "Datadog offers none");
    await this.core.request({
      method: "GET",
      path,
      query: { "page[size]": 1 },
      mapError: (error: ApiError) =>
        error.status === 404 || error.status === 405
          ? this.unsupported("GET", path, `${error.status} on ${path}: no such route`, error.status)
          : error,
    });
  }

  /** Every group visible to the caller (all pages), optionally of one integration type. */
  async list(filter: { integration?: string } = {}): Promise<RemoteGroup[]> {
    const path = ROUTES.groups;
    const out: RemoteGroup[] = [];
    for (let pageNumber = 0; ; pageNumber++) {
      const res = await this.send({
        method: "GET",
        path,
        query: { "filter[integration]": filter.integration, "page[size]": LIST_PAGE_SIZE, "page[number]": pageNumber },
      });
      const body = res.body;
      if (!isObj(body) || !Array.isArray(body.data)) throw unexpectedBody("GET", path, res.status, `{"data": [...]}`);
      const groups = body.data
        .filter(isObj)
        .filter((d) => typeof d.id === "string")
        .map((d) => groupFromResource({ id: d.id as string, attributes: isObj(d.attributes) ? d.attributes : {} }));
      out.push(...groups);
      const page = isObj(body.meta) && isObj(body.meta.page) ? body.meta.page : undefined;
      const total = page && typeof page.total_count === "number" ? page.total_count : undefined;
      // A server that does not page (no total_count) returned everything at once.
      if (groups.length === 0 || total === undefined || out.length >= total) return out;
    }
  }

  /** The member selected by identifier values, e.g. `{ env: "prod" }` (`?identifiers[env]=prod`). */
  async resolve(id: string, identifiers: Record<string, string>): Promise<RemoteConnection> {
    const path = `${ROUTES.groups}/${segment("group id", id)}/resolve`;
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(identifiers)) query[`identifiers[${key}]`] = value;
    const res = await this.send({ method: "GET", path, query });
    const conn = connectionFromWire(res.body);
    if (!conn) throw unexpectedBody("GET", path, res.status, `{"data": {"type": "${WIRE_TYPES.connection}", ...}}`);
    return conn;
  }
}
