/** The random commands: who acts, on which resource (an index into the model's lists), with what. */
import fc from "fast-check";
import { ACTORS, Actor, BINDABLE, KEYS, Model } from "./model";
import type { Real } from "./system";
import { CreateConnection, DeleteConnection, PatchConnectionTags, RacingPatches } from "./commands-connections";
import { AddMember, CreateGroup, DeleteGroup, RekeyGroup, RemoveMember, ResolveGroup } from "./commands-groups";
import { Grants, SetPolicy } from "./commands-policies";

const who = fc.constantFrom(...ACTORS);
const index = fc.nat({ max: 7 });
const VALUES = ["prod", "dev"];
/**
 * Small on purpose: clashes come up often. Mostly one value per key (members that fit a group),
 * sometimes any subset (a key missing or doubled).
 */
const fitting = fc
  .tuple(fc.option(fc.constantFrom(...VALUES), { freq: 5 }), fc.option(fc.constantFrom(...VALUES), { freq: 3 }))
  .map(([env, region]) => [...(env ? [`env:${env}`] : []), ...(region ? [`region:${region}`] : [])]);
const tags = fc.oneof(
  { weight: 4, arbitrary: fitting },
  { weight: 1, arbitrary: fc.subarray(KEYS.flatMap((k) => VALUES.map((v) => `${k}:${v}`))) },
);
const keys: fc.Arbitrary<string[]> = fc.constantFrom(["env"], ["region"], ["env", "region"]);
const integration = fc.oneof(
  { weight: 5, arbitrary: fc.constant("AWS" as const) },
  { weight: 1, arbitrary: fc.constant("HTTP" as const) },
);
const grant = fc.tuple(
  fc.constantFrom(...BINDABLE),
  fc.constantFrom("viewer" as const, "resolver" as const, "editor" as const),
);
const others = fc.uniqueArray(grant, { maxLength: 3, selector: ([p]) => p });
/** Mostly policies that keep their writer editor (else the backend refuses them: no lockout). */
const policy = (w: Actor) =>
  fc
    .tuple(fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), others)
    .map(([self, rest]): Grants =>
      self ? [[`user:${w}`, "editor"], ...rest.filter(([p]) => p !== `user:${w}`)] : rest,
    );
const onGroup = fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
const setPolicy = who.chain((w) => fc.tuple(onGroup, index, policy(w)).map(([g, i, gr]) => new SetPolicy(w, g, i, gr)));
const values = fc.record({ env: fc.constantFrom(...VALUES), region: fc.constantFrom(...VALUES) });

/** Commands are drawn uniformly from this list: a command listed twice comes twice as often. */
export function commandArbitraries(): fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] {
  return [
    fc.tuple(who, integration, tags).map(([w, i, t]) => new CreateConnection(w, i, t)),
    fc.tuple(who, integration, tags).map(([w, i, t]) => new CreateConnection(w, i, t)),
    fc.tuple(who, integration, tags).map(([w, i, t]) => new CreateConnection(w, i, t)),
    fc.tuple(who, index, tags).map(([w, i, t]) => new PatchConnectionTags(w, i, t)),
    fc.tuple(who, index, tags).map(([w, i, t]) => new PatchConnectionTags(w, i, t)),
    fc.tuple(who, index).map(([w, i]) => new DeleteConnection(w, i)),
    fc.tuple(who, index).map(([w, i]) => new DeleteConnection(w, i)),
    fc.tuple(who, index, tags, tags).map(([w, i, a, b]) => new RacingPatches(w, i, a, b)),
    fc
      .tuple(who, integration, keys, fc.array(index, { minLength: 1, maxLength: 3 }))
      .map(([w, i, k, m]) => new CreateGroup(w, i, k, m)),
    fc
      .tuple(who, integration, keys, fc.array(index, { minLength: 1, maxLength: 3 }))
      .map(([w, i, k, m]) => new CreateGroup(w, i, k, m)),
    fc.tuple(who, index, index).map(([w, g, c]) => new AddMember(w, g, c)),
    fc.tuple(who, index, index).map(([w, g, c]) => new AddMember(w, g, c)),
    fc.tuple(who, index, index).map(([w, g, c]) => new RemoveMember(w, g, c)),
    fc.tuple(who, index, keys).map(([w, g, k]) => new RekeyGroup(w, g, k)),
    fc.tuple(who, index).map(([w, g]) => new DeleteGroup(w, g)),
    fc.tuple(who, index, values).map(([w, g, v]) => new ResolveGroup(w, g, v)),
    setPolicy,
    setPolicy,
    setPolicy,
  ];
}
