/**
 * Does every principal a resource's `access` names exist at its target? A typo such as
 * `team:paymnets` binds nobody: the policy is accepted, the team cannot use the connection, and
 * nothing says why until a workflow fails. Users, roles and teams are looked up by id (Datadog's
 * `GET /api/v2/users/{id}`, `/roles/{id}`, `/team/{id}`; the local backend answers from its keys
 * file), each once per target and key pair however many resources name it; `org:<id>` must be
 * the application key's own org. A lookup the key may not make (403) or that fails otherwise
 * cannot tell, and is left alone: the write itself will report a real problem.
 */
import type { ConnectionsClient, LookedUpType } from "../../client";
import { accessIssues, isUnknown, PolicyKind, quote, RELATIONS_OF, RuleIssue } from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";
import { keyUser } from "./access-control";
import { describeTarget, getClient } from "./settings";

const lookups = new WeakMap<ConnectionsClient, Map<string, Promise<boolean | undefined>>>();

function exists(client: ConnectionsClient, type: LookedUpType, id: string): Promise<boolean | undefined> {
  let seen = lookups.get(client);
  if (!seen) lookups.set(client, (seen = new Map()));
  const key = `${type}:${id}`;
  let answer = seen.get(key);
  if (!answer) {
    answer = client.directory.exists(type, id).catch(() => undefined);
    seen.set(key, answer);
  }
  return answer;
}

/** `access` principals the current target does not know (paths under `access`). */
export async function unknownPrincipalIssues(kind: PolicyKind, access: unknown): Promise<RuleIssue[]> {
  if (access === undefined || access === null || isUnknown(access) || typeof access !== "object") return [];
  // Principals the rules refuse are reported by the rules; only well-formed ones are looked up.
  const client = getClient();
  if (accessIssues(kind, access, { datadog: client.target.isDatadog }, PREVIEW).length) return [];
  const where = describeTarget();
  const checks: Promise<RuleIssue | undefined>[] = [];
  for (const relation of RELATIONS_OF[kind]) {
    const list = (access as Record<string, unknown>)[relation];
    if (!Array.isArray(list)) continue;
    list.forEach((principal, i) => {
      if (typeof principal !== "string" || isUnknown(principal)) return;
      const colon = principal.indexOf(":");
      const type = principal.slice(0, colon),
        id = principal.slice(colon + 1);
      const path = ["access", relation, i];
      checks.push(
        (async () => {
          if (type === "org") {
            const user = await keyUser();
            if (!user.ok || user.identity.orgId === undefined || user.identity.orgId === id) return undefined;
            return {
              path,
              message: `${quote(principal)} is not the org of the application key ("org:${user.identity.orgId}") at ${where}, so it binds nobody`,
            };
          }
          const found = await exists(client, type as LookedUpType, id);
          if (found !== false) return undefined;
          return {
            path,
            message: `${quote(principal)} does not exist at ${where} (no ${type} with id ${quote(id)}), so it would bind nobody; check the spelling`,
          };
        })(),
      );
    });
  }
  return (await Promise.all(checks)).filter((x): x is RuleIssue => x !== undefined);
}
