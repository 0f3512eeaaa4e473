/**
 * Who the application key's user is: Datadog's `GET /api/v2/current_user` (id, org, roles) and
 * `GET /api/v2/users/{user_id}/memberships` (teams). The provider needs both to tell, before
 * writing a restriction policy, which relation the key's own user would keep.
 */
import { unexpectedBody } from "./errors/unexpected";
import { HttpCore } from "./http";
import { isObj } from "pulumi-workflow-connections-rules";
import { segment } from "./path-segment";

export interface CurrentUser {
  id: string;
  /** `relationships.org.data.id` (Datadog: the id its `org:` principals use). */
  orgId?: string;
  roles: string[];
}

/** Pages of memberships read at most (100 each): enough for anyone, bounded for a bad server. */
const MAX_MEMBERSHIP_PAGES = 20;
const MEMBERSHIP_PAGE_SIZE = 100;

const relIds = (rel: unknown): string[] => {
  const data = isObj(rel) ? rel.data : undefined;
  const list = Array.isArray(data) ? data : data === undefined ? [] : [data];
  return list
    .filter(isObj)
    .map((d) => d.id)
    .filter((id): id is string => typeof id === "string");
};

export function currentUserFromWire(body: unknown): CurrentUser | undefined {
  const data = isObj(body) ? body.data : undefined;
  if (!isObj(data) || typeof data.id !== "string") return undefined;
  const rel = isObj(data.relationships) ? data.relationships : {};
  const user: CurrentUser = { id: data.id, roles: relIds(rel.roles) };
  const org = relIds(rel.org)[0];
  if (org !== undefined) user.orgId = org;
  return user;
}

/** Team ids of a memberships page (`relationships.team.data.id` of each `team_memberships`). */
export function teamIdsFromWire(body: unknown): string[] | undefined {
  const data = isObj(body) ? body.data : undefined;
  if (!Array.isArray(data)) return undefined;
  return data.filter(isObj).flatMap((m) => relIds(isObj(m.relationships) ? m.relationships.team : undefined));
}

export class Users {
  constructor(private readonly core: HttpCore) {}

  async current(): Promise<CurrentUser> {
    const path = "/api/v2/current_user";
    const res = await this.core.request({ method: "GET", path });
    const user = currentUserFromWire(res.body);
    if (!user)
      throw unexpectedBody("GET", path, res.status, `{"data": {"type": "users", "id": ..., "relationships": {...}}}`);
    return user;
  }

  /** The ids of the teams the user belongs to, all pages. */
  async teams(userId: string): Promise<string[]> {
    const path = `/api/v2/users/${segment("user id", userId)}/memberships`;
    const teams: string[] = [];
    for (let page = 0; page < MAX_MEMBERSHIP_PAGES; page++) {
      const res = await this.core.request({
        method: "GET",
        path,
        query: { "page[size]": MEMBERSHIP_PAGE_SIZE, "page[number]": page },
      });
      const ids = teamIdsFromWire(res.body);
      if (!ids) throw unexpectedBody("GET", path, res.status, `{"data": [{"type": "team_memberships", ...}]}`);
      teams.push(...ids);
      if ((res.body as { data: unknown[] }).data.length < MEMBERSHIP_PAGE_SIZE) break;
    }
    return [...new Set(teams)];
  }
}
