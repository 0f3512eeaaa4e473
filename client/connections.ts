/**
 * Connections: `/api/v2/actions/connections[/{id}]`, type `action_connection`. create, get,
 * update (PATCH with only what changes), delete, and Datadog's list (ListActionConnections,
 * one of its unstable operations; the local backend serves it too): list/listAll.
 */
import {
  CONNECTION_EXTRA_ATTRIBUTES,
  ConnectionSpec,
  integrationFromWire,
  integrationPatch,
  IntegrationSpec,
  integrationToWire,
  isObj,
  resourceOf,
  ROUTES,
  secretPaths,
  stringList,
  WIRE_TYPES,
} from "pulumi-workflow-connections-rules";
import { HttpCore, HttpResponse } from "./http";
import { WriteConditions, etagFrom } from "./etag";
import { CreatedWithPolicy, InitialPolicy, echoedPolicy, initialPolicyMeta } from "./initial-policy";
import { UnsupportedError } from "./errors/unsupported-error";
import { unexpectedBody } from "./errors/unexpected";
import { PageCounts, PageQuery, many, pageQuery, readPage, walkPages } from "./list-pages";
import { segment } from "./path-segment";

/** A connection as the server returns it. Secrets come back as "" or not at all. */
export interface RemoteConnection {
  id: string;
  name: string;
  tags: string[];
  /** Parsed tolerantly: unknown fields are ignored; secret values are "" or absent. */
  integration: IntegrationSpec;
  /** AWS: computed by the server. */
  externalId?: string;
  principalId?: string;
  /** Whether the caller may resolve (use) the connection, when the server says. */
  actingUserCanResolve?: boolean;
  /** Its ETag, when the server sends one (the local backend does; Datadog does not): pass it as `ifMatch`. */
  etag?: string;
}

export interface ConnectionChange {
  name?: string;
  tags?: string[];
  /** The integration before and after; sent as rules' `integrationPatch(from, to)`, if anything changed. */
  integration?: { from: IntegrationSpec; to: IntegrationSpec };
}

/** Datadog's list filters; each one given narrows the list. */
export interface ConnectionFilter {
  /** Integration types, e.g. "AWS"; several: any of them. */
  integration?: string | readonly string[];
  /** `key:value` tags; several: the local backend wants all of them on a connection. */
  tags?: string | readonly string[];
  /** An environment (the local backend: the tag `env:<environment>`). */
  environment?: string;
  connectionIds?: readonly string[];
  creatorIds?: readonly string[];
  /** Text in the name. */
  search?: string;
}

export interface ConnectionListQuery extends ConnectionFilter, PageQuery {}

export interface ConnectionPage extends PageCounts {
  connections: RemoteConnection[];
}

/** A connection document -> RemoteConnection, or undefined when it is not one. */
export function connectionFromWire(body: unknown): RemoteConnection | undefined {
  const res = resourceOf(body);
  return res && connectionFromResource(res);
}

function connectionFromResource(res: { id: string; attributes: Record<string, unknown> }): RemoteConnection {
  const a = res.attributes;
  const parsed = integrationFromWire(a.integration, false);
  const wireType = isObj(a.integration) && typeof a.integration.type === "string" ? a.integration.type : "unknown";
  const out: RemoteConnection = {
    id: res.id,
    name: typeof a.name === "string" ? a.name : "",
    tags: stringList(a.tags),
    integration: parsed.spec ?? { type: wireType },
  };
  if (parsed.computed.externalId) out.externalId = parsed.computed.externalId;
  if (parsed.computed.principalId) out.principalId = parsed.computed.principalId;
  const canResolve = a[CONNECTION_EXTRA_ATTRIBUTES.actingUserCanResolve];
  if (typeof canResolve === "boolean") out.actingUserCanResolve = canResolve;
  return out;
}

/** The secret values of an integration, for redaction from errors. */
export function secretValues(spec: IntegrationSpec | undefined): string[] {
  if (!spec) return [];
  const out: string[] = [];
  for (const path of secretPaths(spec)) {
    let v: unknown = spec;
    for (const key of path) v = isObj(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[key] : undefined;
    if (typeof v === "string") out.push(v);
  }
  return out;
}

export class Connections {
  constructor(private readonly core: HttpCore) {}

  private parse(method: string, path: string, res: HttpResponse): RemoteConnection {
    const conn = connectionFromWire(res.body);
    if (!conn)
      throw unexpectedBody(
        method,
        path,
        res.status,
        `{"data": {"type": "${WIRE_TYPES.connection}", "id": ..., "attributes": ...}}`,
      );
    const etag = etagFrom(res.headers);
    return etag ? { ...conn, etag } : conn;
  }

  async create(spec: ConnectionSpec): Promise<RemoteConnection> {
    const path = ROUTES.connections;
    const attributes = { name: spec.name, integration: integrationToWire(spec.integration), tags: spec.tags ?? [] };
    const res = await this.core.request({
      method: "POST",
      path,
      body: { data: { type: WIRE_TYPES.connection, attributes } },
      secrets: secretValues(spec.integration),
    });
    return this.parse("POST", path, res);
  }

  /**
   * Creates the connection and its restriction policy in one step (the local backend's
   * extension, client/initial-policy.ts). A Datadog site has no such extension: UnsupportedError,
   * nothing sent.
   */
  async createWithPolicy(spec: ConnectionSpec, policy: InitialPolicy): Promise<CreatedWithPolicy<RemoteConnection>> {
    const path = ROUTES.connections;
    if (this.core.target.isDatadog) {
      throw new UnsupportedError({
        method: "POST",
        path,
        summary: `Datadog's API cannot create a connection together with its restriction policy (target ${this.core.baseUrl}); that needs the local backend`,
      });
    }
    const attributes = { name: spec.name, integration: integrationToWire(spec.integration), tags: spec.tags ?? [] };
    const body = { data: { type: WIRE_TYPES.connection, attributes }, meta: initialPolicyMeta(policy) };
    const res = await this.core.request({ method: "POST", path, body, secrets: secretValues(spec.integration) });
    return { resource: this.parse("POST", path, res), policy: echoedPolicy(res.body) };
  }

  async get(id: string): Promise<RemoteConnection> {
    const path = `${ROUTES.connections}/${segment("connection id", id)}`;
    const res = await this.core.request({ method: "GET", path });
    return this.parse("GET", path, res);
  }

  /**
   * PATCH with only the attributes given; nothing to change -> no PATCH, just a get. With
   * `ifMatch`, only if the connection still has that ETag (else PreconditionFailedError).
   */
  async update(id: string, change: ConnectionChange, conditions: WriteConditions = {}): Promise<RemoteConnection> {
    const path = `${ROUTES.connections}/${segment("connection id", id)}`;
    const attributes: Record<string, unknown> = {};
    if (change.name !== undefined) attributes.name = change.name;
    if (change.tags !== undefined) attributes.tags = change.tags;
    if (change.integration) {
      const patch = integrationPatch(change.integration.from, change.integration.to);
      if (patch !== undefined) attributes.integration = patch;
    }
    if (Object.keys(attributes).length === 0) return this.get(id);
    const secrets = [...secretValues(change.integration?.from), ...secretValues(change.integration?.to)];
    const res = await this.core.request({
      method: "PATCH",
      path,
      body: { data: { type: WIRE_TYPES.connection, attributes } },
      secrets,
      ifMatch: conditions.ifMatch,
    });
    return this.parse("PATCH", path, res);
  }

  /** 204 on success. A 404 is thrown (NotFoundError): callers decide whether "already gone" is fine. */
  async delete(id: string, conditions: WriteConditions = {}): Promise<void> {
    await this.core.request({
      method: "DELETE",
      path: `${ROUTES.connections}/${segment("connection id", id)}`,
      ifMatch: conditions.ifMatch,
    });
  }

  /** One page of Datadog's list (ListActionConnections), on every target. */
  async list(query: ConnectionListQuery = {}): Promise<ConnectionPage> {
    const path = ROUTES.connections;
    const res = await this.core.request({
      method: "GET",
      path,
      query: {
        "filter[integration]": many(query.integration),
        "filter[tags]": many(query.tags),
        "filter[environment]": query.environment,
        "filter[connection_ids]": many(query.connectionIds),
        "filter[creator_ids]": many(query.creatorIds),
        "filter[search]": query.search,
        ...pageQuery(query),
      },
    });
    const { items, ...counts } = readPage(path, res);
    return { connections: items.map(connectionFromResource), ...counts };
  }

  /** Every matching connection, page by page (list-pages.ts `walkPages`). */
  listAll(
    filter: ConnectionFilter & Omit<PageQuery, "pageNumber"> = {},
  ): AsyncGenerator<RemoteConnection, void, undefined> {
    return walkPages(filter.pageSize, async (pageSize, pageNumber) => {
      const { connections, ...counts } = await this.list({ ...filter, pageSize, pageNumber });
      return { items: connections, ...counts };
    });
  }
}
