/**
 * Connection groups: `/api/v2/actions/connections/groups[/{id}]`, type `connection_group`.
 * Datadog's operations (list, PATCH) on every target; the local backend's extensions (create,
 * read one, delete, resolve) where the target serves them (capabilities.ts): elsewhere they
 * throw UnsupportedError without sending anything, and reading one group goes through the list
 * filtered by its id.
 */
import {
  GROUP_ATTRIBUTES,
  GROUP_EXTENSIONS_HEADER,
  GroupSpec,
  resourceOf,
  ROUTES,
  stringList,
  WIRE_TYPES,
} from "pulumi-workflow-connections-rules";
import { NotFoundError } from "./errors/not-found-error";
import { UnsupportedError } from "./errors/unsupported-error";
import { unexpectedBody } from "./errors/unexpected";
import { HttpCore, HttpResponse } from "./http";
import type { GroupCapabilities } from "./capabilities";
import { PageCounts, PageQuery, many, pageQuery, readPage, walkPages } from "./list-pages";
import { WriteConditions, etagFrom } from "./etag";
import { CreatedWithPolicy, InitialPolicy, echoedPolicy, initialPolicyMeta } from "./initial-policy";
import { HttpMethod } from "./retry";
import { RemoteConnection, connectionFromWire } from "./connections";
import { segment } from "./path-segment";

export interface RemoteGroup {
  id: string;
  name: string;
  /** Absent when it has none. */
  description?: string;
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
  const description = a[GROUP_ATTRIBUTES.description];
  return {
    id: res.id,
    name: typeof name === "string" ? name : "",
    ...(typeof description === "string" && description !== "" ? { description } : {}),
    integration: typeof integration === "string" ? integration : "",
    identifierTags: stringList(a[GROUP_ATTRIBUTES.identifierTags]),
    members: stringList(a[GROUP_ATTRIBUTES.members]),
  };
}

/** Datadog's group list filters; each one given narrows the list. */
export interface GroupFilter {
  /** Integration types; several: any of them. */
  integration?: string | readonly string[];
  environment?: string;
  /** Group ids; several: any of them. */
  ids?: readonly string[];
  creatorIds?: readonly string[];
  /** Text in the name. */
  search?: string;
}

export interface GroupListQuery extends GroupFilter, PageQuery {}

export interface GroupPage extends PageCounts {
  groups: RemoteGroup[];
}

export function groupFromWire(body: unknown): RemoteGroup | undefined {
  const res = resourceOf(body);
  return res && groupFromResource(res);
}

/** An operation of the local backend's that a target may lack. */
type Extension = "createGroups" | "deleteGroups" | "resolveGroups";
const EXTENSION_WORDS: Record<Extension, string> = {
  createGroups: "create connection groups",
  deleteGroups: "delete connection groups",
  resolveGroups: "resolve a group's member by identifier values",
};

export class Groups {
  constructor(
    private readonly core: HttpCore,
    /** The target's capabilities, learned once per client (capabilities.ts). */
    private readonly capabilities: () => Promise<GroupCapabilities>,
  ) {}

  /**
   * The extension is there, or UnsupportedError with nothing sent (a Datadog site serves none
   * of them: known without asking).
   */
  private async requireExtension(extension: Extension, method: HttpMethod, path: string): Promise<void> {
    const has = !this.core.target.isDatadog && (await this.capabilities())[extension];
    if (has) return;
    const why = this.core.target.isDatadog
      ? "Datadog's API has no such operation: groups are created and deleted in Datadog's UI"
      : `its group list names no such extension (${GROUP_EXTENSIONS_HEADER})`;
    throw new UnsupportedError({
      method,
      path,
      summary: `The target ${this.core.baseUrl} cannot ${EXTENSION_WORDS[extension]} (${why})`,
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

  /** The local backend's extension (create). */
  async create(spec: GroupSpec): Promise<RemoteGroup> {
    const path = ROUTES.groups;
    await this.requireExtension("createGroups", "POST", path);
    const res = await this.core.request({
      method: "POST",
      path,
      body: { data: { type: WIRE_TYPES.group, attributes: groupAttributesToWire(spec) } },
    });
    return this.parse("POST", path, res);
  }

  /** Creates the group and its restriction policy in one step (client/initial-policy.ts); an extension too. */
  async createWithPolicy(spec: GroupSpec, policy: InitialPolicy): Promise<CreatedWithPolicy<RemoteGroup>> {
    const path = ROUTES.groups;
    await this.requireExtension("createGroups", "POST", path);
    const body = {
      data: { type: WIRE_TYPES.group, attributes: groupAttributesToWire(spec) },
      meta: initialPolicyMeta(policy),
    };
    const res = await this.core.request({ method: "POST", path, body });
    return { resource: this.parse("POST", path, res), policy: echoedPolicy(res.body) };
  }

  /**
   * One group: the read-one extension where the target has it (with the group's ETag), else
   * the list filtered by its id. NotFoundError when there is none the caller may see.
   */
  async get(id: string): Promise<RemoteGroup> {
    const path = `${ROUTES.groups}/${segment("group id", id)}`;
    if (!this.core.target.isDatadog && (await this.capabilities()).readGroups) {
      const res = await this.core.request({ method: "GET", path });
      return this.parse("GET", path, res);
    }
    const { groups } = await this.list({ ids: [id], pageSize: 1 });
    const group = groups.find((g) => g.id.toLowerCase() === id.toLowerCase());
    if (!group)
      throw new NotFoundError({
        method: "GET",
        path: ROUTES.groups,
        status: 404,
        summary: `connection group ${id} was not found (the group list of ${this.core.baseUrl} has no group with this id that the application key's user may see)`,
      });
    return group;
  }

  /**
   * Datadog's UpdateConnectionGroup: PATCH with only the fields given (each replaces the stored
   * value whole); nothing given -> just a get. `ifMatch`: see Connections.update (Datadog
   * ignores it; the local backend honours it).
   */
  async update(id: string, change: Partial<GroupSpec>, conditions: WriteConditions = {}): Promise<RemoteGroup> {
    const path = `${ROUTES.groups}/${segment("group id", id)}`;
    const attributes = groupAttributesToWire(change);
    if (Object.keys(attributes).length === 0) return this.get(id);
    const res = await this.core.request({
      method: "PATCH",
      path,
      body: { data: { type: WIRE_TYPES.group, attributes } },
      ifMatch: conditions.ifMatch,
    });
    return this.parse("PATCH", path, res);
  }

  /** The local backend's extension (delete). A 404 is thrown (NotFoundError): callers decide whether "already gone" is fine. */
  async delete(id: string, conditions: WriteConditions = {}): Promise<void> {
    const path = `${ROUTES.groups}/${segment("group id", id)}`;
    await this.requireExtension("deleteGroups", "DELETE", path);
    await this.core.request({ method: "DELETE", path, ifMatch: conditions.ifMatch });
  }

  /** One page of Datadog's group list (ListConnectionGroups), on every target. */
  async list(query: GroupListQuery = {}): Promise<GroupPage> {
    const path = ROUTES.groups;
    const res = await this.core.request({
      method: "GET",
      path,
      query: {
        "filter[integration]": many(query.integration),
        "filter[environment]": query.environment,
        "filter[connection_group_ids]": many(query.ids),
        "filter[creator_ids]": many(query.creatorIds),
        "filter[search]": query.search,
        ...pageQuery(query),
      },
    });
    const { items, ...counts } = readPage(path, res);
    return { groups: items.map(groupFromResource), ...counts };
  }

  /** Every matching group, page by page (list-pages.ts `walkPages`). */
  listAll(filter: GroupFilter & Omit<PageQuery, "pageNumber"> = {}): AsyncGenerator<RemoteGroup, void, undefined> {
    return walkPages(filter.pageSize, async (pageSize, pageNumber) => {
      const { groups, ...counts } = await this.list({ ...filter, pageSize, pageNumber });
      return { items: groups, ...counts };
    });
  }

  /** The local backend's extension: the member selected by identifier values, e.g. `{ env: "prod" }`. */
  async resolve(id: string, identifiers: Record<string, string>): Promise<RemoteConnection> {
    const path = `${ROUTES.groups}/${segment("group id", id)}/resolve`;
    await this.requireExtension("resolveGroups", "GET", path);
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(identifiers)) query[`identifiers[${key}]`] = value;
    const res = await this.core.request({ method: "GET", path, query });
    const conn = connectionFromWire(res.body);
    if (!conn) throw unexpectedBody("GET", path, res.status, `{"data": {"type": "${WIRE_TYPES.connection}", ...}}`);
    return conn;
  }
}
