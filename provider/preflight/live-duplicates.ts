/**
 * At preview, a warning under each `Connection` the run would create (no `adoptId`) whose name
 * and tags equal a live connection at its target that this stack does not manage: after a lost
 * state, a re-run would otherwise create a duplicate of every connection. The warning quotes the
 * live id and suggests `adoptId`.
 *
 * Which connections the stack manages is known once the program's resources are registered: at
 * preview, a Connection already in the state has its id, one to be created has none yet (an
 * unknown id). So the comparison runs when the program has registered everything (the event
 * loop drains), with one connection list per target and key pair (../runtime/live-world.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { isUnknown, quote } from "pulumi-workflow-connections-rules";
import { settle } from "./settle";
import { settings } from "./target";

interface Noted {
  urn: pulumi.Output<string>;
  id: pulumi.Output<string>;
  /** The resource's id once registered: a string, or Pulumi's unknown value (to be created). */
  settled?: unknown;
  inputs: { name: unknown; tags: unknown; adoptId: unknown; target: unknown };
}

const noted: Noted[] = [];
let hooked = false;

/** Every Connection of the program (lookups included: their ids are not duplicates either). */
export function noteConnection(resource: pulumi.CustomResource, inputs: Noted["inputs"]): void {
  if (!pulumi.runtime.isDryRun()) return;
  const entry: Noted = { urn: resource.urn, id: resource.id, inputs };
  noted.push(entry);
  // Never resolves for a resource the preflight held back: it is neither managed nor created.
  void settle(resource.id).then(
    (id) => (entry.settled = id),
    () => undefined,
  );
  if (!hooked) {
    hooked = true;
    let ran = false;
    process.on("beforeExit", () => {
      if (ran) return;
      ran = true;
      void warnDuplicates().catch(() => undefined);
    });
  }
}

const known = (v: unknown): v is string => typeof v === "string" && !isUnknown(v);
const sameTags = (a: readonly string[], b: readonly string[]) =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

async function warnDuplicates(): Promise<void> {
  const managed = new Set<string>();
  for (const n of noted) {
    if (known(n.settled)) managed.add(n.settled.toLowerCase());
    const adoptId = await settle(n.inputs.adoptId);
    if (known(adoptId)) managed.add(adoptId.toLowerCase());
  }
  const created = noted.filter((n) => n.settled !== undefined && isUnknown(n.settled));
  const s = settings();
  const { liveConnections } = require("../runtime/live-world") as typeof import("../runtime/live-world");
  for (const n of created) {
    const inputs = (await settle(n.inputs)) as Noted["inputs"];
    if (inputs.adoptId !== undefined && inputs.adoptId !== null) continue;
    const tags = inputs.tags ?? [];
    if (!known(inputs.name) || !Array.isArray(tags) || !tags.every(known)) continue;
    const found = await s
      .withTarget(inputs.target, async () => {
        const client = s.getClient();
        const live = await liveConnections(client);
        return {
          where: s.describeTarget(),
          same: live.filter(
            (l) => l.name === inputs.name && sameTags(l.tags, tags as string[]) && !managed.has(l.id.toLowerCase()),
          ),
        };
      })
      // No keys, or the target would not list: nothing to compare with (the checks say why, if it matters).
      .catch(() => ({ where: "", same: [] }));
    for (const l of found.same)
      await pulumi.log.warn(
        `a connection with this name and these tags already exists at ${found.where}, and this stack does not manage it: ` +
          `${l.id} (${quote(l.name)}); if it is the one this resource means (for example after the stack's state was lost), ` +
          `adopt it instead of creating a duplicate: adoptId: "${l.id}"`,
        { urn: n.urn } as unknown as pulumi.Resource,
      );
  }
}
