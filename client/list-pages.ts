/**
 * Datadog's page-number lists (ListActionConnections, ListConnectionGroups), read the same way
 * for both: `page[size]`/`page[number]` (0-based) in, `data` and `meta.total`/`total_filtered`
 * out, and the walk over every page.
 */
import { isObj } from "pulumi-workflow-connections-rules";
import { unexpectedBody } from "./errors/unexpected";
import type { HttpResponse, QueryValue } from "./request-spec";

/** Page size of a walk over every page: Datadog's default, so every target serves it whole. */
export const WALK_PAGE_SIZE = 50;

export interface PageQuery {
  /** Default: the server's (50). */
  pageSize?: number;
  /** From 0. */
  pageNumber?: number;
  /** Sort keys, e.g. `name` or `-created_at`. */
  sort?: string | readonly string[];
}

/** What a page says besides its items. */
export interface PageCounts {
  /** `meta.total`: every item the caller may see, when given. */
  total?: number;
  /** `meta.total_filtered`: those matching the filters, when given. */
  totalFiltered?: number;
}

/** Repeated values stay repeated on the wire (`filter[integration]=AWS&filter[integration]=HTTP`). */
export const many = (value: string | readonly string[] | undefined): QueryValue =>
  value === undefined ? undefined : typeof value === "string" ? [value] : [...value];

export function pageQuery(query: PageQuery): Record<string, QueryValue> {
  return { sort: many(query.sort), "page[size]": query.pageSize, "page[number]": query.pageNumber };
}

/** A list response -> its items (resources with a string id) and counts. */
export function readPage(
  path: string,
  res: HttpResponse,
): { items: { id: string; attributes: Record<string, unknown> }[] } & PageCounts {
  const body = res.body;
  if (!isObj(body) || !Array.isArray(body.data)) throw unexpectedBody("GET", path, res.status, `{"data": [...]}`);
  const items = body.data
    .filter(isObj)
    .filter((d) => typeof d.id === "string")
    .map((d) => ({ id: d.id as string, attributes: isObj(d.attributes) ? d.attributes : {} }));
  const meta = isObj(body.meta) ? body.meta : {};
  const counts: PageCounts = {};
  if (typeof meta.total === "number") counts.total = meta.total;
  if (typeof meta.total_filtered === "number") counts.totalFiltered = meta.total_filtered;
  return { items, ...counts };
}

/**
 * Every item, page after page from page 0, each once. A page may hold fewer items than asked
 * before the end (a server may cap its page size, or leave out what the caller may not view), so
 * a short page is not the end. The end is an empty page; as many items as the server says match
 * (`total_filtered`, else `total`); or a page with nothing new (a server that ignores the page
 * number would otherwise be read forever).
 */
export async function* walkPages<T extends { id: string }>(
  pageSize: number | undefined,
  fetchPage: (size: number, number: number) => Promise<{ items: T[] } & PageCounts>,
): AsyncGenerator<T, void, undefined> {
  const size = pageSize ?? WALK_PAGE_SIZE;
  const seen = new Set<string>();
  for (let number = 0; ; number++) {
    const page = await fetchPage(size, number);
    const fresh = page.items.filter((item) => !seen.has(item.id));
    for (const item of fresh) {
      seen.add(item.id);
      yield item;
    }
    if (fresh.length === 0) return;
    const count = page.totalFiltered ?? page.total;
    if (count !== undefined && seen.size >= count) return;
  }
}
