/**
 * Adoption at preview: when a Connection adopts an existing connection (`adoptId`), its check
 * reads the live connection, says under the resource what adopting will change (or that it
 * changes nothing), and fails when the adoption would drop a credential field, token, header or
 * URL parameter the program does not declare, unless `adoptDropsMissing` allows it (true: all;
 * a list: those). Runs again at `up`, right before the write, against the connection as it is then.
 */
import { isUnknown, isUuid, quote, RuleIssue } from "pulumi-workflow-connections-rules";
import { adoptionPlan, AdoptionPlan } from "./adoption-plan";
import { logUnder } from "./engine-log";
import { getClient } from "./settings";

export interface AdoptionInputs {
  name?: unknown;
  tags?: unknown;
  integration?: unknown;
  adoptId?: unknown;
  adoptDropsMissing?: unknown;
  /** The resource's URN, set by the Connection class for these diagnostics; never stored. */
  adoptUrn?: unknown;
}

const list = (items: string[]) => items.join(", ");

/** The diagnostic: every visible change, the secrets written (names only), drops and what is kept. */
export function describePlan(id: string, liveName: string, plan: AdoptionPlan): string {
  const head = `adopting connection ${id} (${quote(liveName)})`;
  const secrets = plan.secretsWritten.length
    ? `writes these secret fields from this program (the API never returns secret values, so they are not compared): ${list(plan.secretsWritten)}`
    : "";
  if (!plan.changes.length && !plan.drops.length) {
    return (
      `${head} changes nothing: its name, tags and integration fields match this program${secrets ? `; it ${secrets}` : ""}` +
      (plan.kept.length ? `; keeps, not declared here: ${list(plan.kept)}` : "")
    );
  }
  const lines = [`${head} changes:`, ...plan.changes.map((c) => `  ${c}`)];
  if (plan.drops.length) lines.push(`  drops (adoptDropsMissing): ${list(plan.drops)}`);
  if (secrets) lines.push(`  ${secrets}`);
  if (plan.kept.length) lines.push(`  keeps, not declared here: ${list(plan.kept)}`);
  return lines.join("\n");
}

/** Which drops the program allows; undefined while unknown (preview: judged at up). */
function allowedDrops(option: unknown, drops: string[]): Set<string> | undefined {
  if (isUnknown(option) || (Array.isArray(option) && option.some(isUnknown))) return undefined;
  if (option === true) return new Set(drops);
  return new Set(Array.isArray(option) ? option.filter((o): o is string => typeof o === "string") : []);
}

export async function adoptionIssues(olds: AdoptionInputs, news: AdoptionInputs): Promise<RuleIssue[]> {
  const id = news.adoptId;
  if (typeof id !== "string" || isUnknown(id) || !isUuid(id) || olds.adoptId === id) return [];
  const c = require("../../client") as typeof import("../../client");
  let live;
  try {
    live = await getClient().connections.get(id);
  } catch (err) {
    if (err instanceof c.NotFoundError)
      return [
        {
          path: ["adoptId"],
          message: `${quote(id)}: no connection with this id exists (or the application key's user may not view it), so there is nothing to adopt`,
        },
      ];
    return [
      {
        path: ["adoptId"],
        message: `${quote(id)}: could not read the connection to adopt, to show what adopting changes: ${err instanceof Error ? err.message : String(err)}`,
      },
    ];
  }
  const plan = adoptionPlan(live, news);
  const issues: RuleIssue[] = [];
  const allowed = allowedDrops(news.adoptDropsMissing, plan.drops);
  if (allowed) {
    const refused = plan.drops.filter((d) => !allowed.has(d));
    if (refused.length) {
      issues.push({
        path: ["adoptId"],
        message:
          `${quote(id)}: adopting connection ${quote(live.name)} would drop what it has and this program does not declare: ${list(refused)}. ` +
          `Declare them, or let the adoption drop them with adoptDropsMissing: true (or name them: adoptDropsMissing: ${JSON.stringify(refused)})`,
      });
    }
    const stray = Array.isArray(news.adoptDropsMissing) ? [...allowed].filter((a) => !plan.drops.includes(a)) : [];
    if (stray.length) {
      issues.push({
        path: ["adoptDropsMissing"],
        message: `names ${list(stray.map((s) => quote(s)))}, which adopting connection ${id} does not drop (it drops ${plan.drops.length ? list(plan.drops) : "nothing"})`,
      });
    }
  }
  if (!issues.length && typeof news.adoptUrn === "string" && !isUnknown(news.adoptUrn)) {
    await logUnder(news.adoptUrn, plan.drops.length ? "warning" : "info", describePlan(id, live.name, plan));
  }
  return issues;
}
