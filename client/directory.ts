/**
 * What a target knows about its keys and principals, in Datadog's own routes:
 * - `GET /api/v1/validate`: is the API key valid (`{"valid": true}`, else 403); the stable
 *   route on every site, needing the API key only;
 * - `GET /api/v2/users/{id}`, `GET /api/v2/roles/{id}`, `GET /api/v2/team/{id}`: does the user,
 *   role or team a restriction policy names exist (404 when it does not).
 * The provider asks these once per target at preview, so a refused key or a misspelt principal
 * fails the preview instead of the first write (or, for a principal, a workflow later).
 */
import { NotFoundError } from "./errors/not-found-error";
import { unexpectedBody } from "./errors/unexpected";
import { HttpCore } from "./http";
import { segment } from "./path-segment";
import { isObj } from "pulumi-workflow-connections-rules";

/** The lookup route of each principal type that has one (`org:` is the key's own org, from current_user). */
export const PRINCIPAL_ROUTES = {
  user: "/api/v2/users/",
  role: "/api/v2/roles/",
  team: "/api/v2/team/",
} as const;
export type LookedUpType = keyof typeof PRINCIPAL_ROUTES;

export class Directory {
  constructor(private readonly core: HttpCore) {}

  /** Resolves when the target accepts the API key; throws its error (403 for a refused key) otherwise. */
  async validateApiKey(): Promise<void> {
    const path = "/api/v1/validate";
    const res = await this.core.request({ method: "GET", path });
    if (!isObj(res.body) || res.body.valid !== true) throw unexpectedBody("GET", path, res.status, `{"valid": true}`);
  }

  /** Whether `type:id` exists at the target: true (200), false (404); any other answer throws. */
  async exists(type: LookedUpType, id: string): Promise<boolean> {
    try {
      await this.core.request({ method: "GET", path: PRINCIPAL_ROUTES[type] + segment(`${type} id`, id) });
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }
}
