/**
 * Ids as the target gives them. Datadog's connection and group ids (and the local backend's) are
 * UUIDs; anything else is not an id of the target's but text it chose, so `generate` refuses it
 * rather than write it into a program.
 */
import { sourceString } from "./source-text";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TargetIdError extends Error {}

/** `id` when it is a UUID, else TargetIdError naming what it belongs to (`what`: e.g. `connection "Jira"`). */
export function targetId(what: string, id: unknown): string {
  if (typeof id === "string" && UUID.test(id)) return id;
  const shown = typeof id === "string" ? sourceString(id.length > 80 ? `${id.slice(0, 80)}…` : id) : String(id);
  throw new TargetIdError(
    `${what}: the target gave the id ${shown}, which is not a UUID (the id format of Datadog and of the local backend); nothing was written`,
  );
}
