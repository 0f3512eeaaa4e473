/**
 * The query of Datadog's two lists, read into filters, an order and a page. Every parameter of
 * the contract is accepted, repeated where Datadog's clients repeat it (`filter[tags]=a&filter[tags]=b`,
 * never comma-joined); any other key is a 400. What the contract leaves open, decided here (and
 * in backend/README.md): repeated tags must all be on a connection, repeated integrations and
 * ids are alternatives; `filter[environment]=prod` is the tag `env:prod`; `filter[search]` is a
 * case-insensitive part of the name; `sort` takes `name`, `created_at` and the resource's
 * last-update attribute, `-` before one for descending.
 */
import { UUID, quote } from "pulumi-workflow-connections-rules";
import { ErrorResponse } from "../errors/error-response";
import type { ListQuery } from "../domain/connections";
import type { ConnectionFilter } from "../storage/connections-table";
import type { GroupFilter } from "../storage/groups-table";
import type { SortKey } from "../storage/list-sql";
import { Query, checkKnown, many, page, single } from "./query";

const PAGE_KEYS = ["page[size]", "page[number]"];

/** Values of a repeatable parameter; undefined when it is absent. */
const list = (query: Query, key: string) => (query[key] === undefined ? undefined : many(query, key));

/** Ids that are UUIDs, lower-cased; others can name no row, so they match nothing. */
const uuids = (values: string[] | undefined) => values?.filter((v) => UUID.test(v)).map((v) => v.toLowerCase());

function sortOf(query: Query, columns: Record<string, string>): SortKey[] {
  const keys = many(query, "sort").flatMap((v) => v.split(",").filter(Boolean));
  return keys.map((key) => {
    const descending = key.startsWith("-");
    const name = descending ? key.slice(1) : key;
    if (!Object.hasOwn(columns, name))
      throw new ErrorResponse(400, {
        detail: `sort ${quote(key)} is not a sort key; use ${Object.keys(columns).join(", ")} (a leading "-" for descending)`,
        parameter: "sort",
      });
    return { column: columns[name], descending };
  });
}

const CONNECTION_KEYS = [
  "filter[integration]",
  "filter[tags]",
  "filter[environment]",
  "filter[connection_ids]",
  "filter[creator_ids]",
  "filter[search]",
  "sort",
  ...PAGE_KEYS,
];

/** `GET /api/v2/actions/connections` (ListActionConnections). */
export function connectionListQuery(query: Query): ListQuery<ConnectionFilter> {
  checkKnown(query, (k) => CONNECTION_KEYS.includes(k));
  return {
    filter: {
      integrations: list(query, "filter[integration]"),
      tags: list(query, "filter[tags]"),
      environment: single(query, "filter[environment]"),
      ids: uuids(list(query, "filter[connection_ids]")),
      creatorIds: list(query, "filter[creator_ids]"),
      search: single(query, "filter[search]"),
    },
    sort: sortOf(query, { name: "name", created_at: "created_at", last_updated: "updated_at" }),
    page: page(query),
  };
}

const GROUP_KEYS = [
  "filter[integration]",
  "filter[environment]",
  "filter[connection_group_ids]",
  "filter[creator_id]",
  "filter[creator_ids]",
  "filter[search]",
  "sort",
  ...PAGE_KEYS,
];

/** Every parameter name the two lists read (the request log names them). */
export const LIST_QUERY_NAMES: readonly string[] = [...new Set([...CONNECTION_KEYS, ...GROUP_KEYS])];

/** `GET /api/v2/actions/connections/groups` (ListConnectionGroups). */
export function groupListQuery(query: Query): ListQuery<GroupFilter> {
  checkKnown(query, (k) => GROUP_KEYS.includes(k));
  // Datadog's spec has both creator forms side by side: either names creators, together their union.
  const one = single(query, "filter[creator_id]");
  const creators = list(query, "filter[creator_ids]");
  return {
    filter: {
      integrations: list(query, "filter[integration]"),
      environment: single(query, "filter[environment]"),
      ids: uuids(list(query, "filter[connection_group_ids]")),
      creatorIds:
        one === undefined && creators === undefined
          ? undefined
          : [...(one === undefined ? [] : [one]), ...(creators ?? [])],
      search: single(query, "filter[search]"),
    },
    sort: sortOf(query, { name: "name", created_at: "created_at", last_updated_at: "updated_at" }),
    page: page(query),
  };
}
