/**
 * Reading a group's attributes from a request: wire names (`integration_type`,
 * `identifier_tags`, `connection_ids`) -> the rules' spec (`integration`, `identifierTags`,
 * `members`), checked by `groupSpecIssues`; issue paths are mapped back to the wire names.
 * The wire names are the only ones accepted: any other attribute (the rules' camelCase names,
 * `integration` next to `integration_type`, read-only ones such as `created_at`) is a 400
 * naming it, so no attribute is silently ignored or read two ways.
 */
import { GROUP_ATTRIBUTES, GroupField, GroupSpec, groupSpecIssues, quote } from "pulumi-workflow-connections-rules";
import { ErrorResponse, Problem, issueProblems, pointer } from "../errors/error-response";
import type { GroupRow } from "../storage/groups-table";

type Obj = Record<string, unknown>;

const SPEC_TO_WIRE: Record<string, string> = GROUP_ATTRIBUTES;
const WIRE_TO_SPEC = Object.fromEntries(Object.entries(GROUP_ATTRIBUTES).map(([s, w]) => [w, s])) as Record<
  string,
  GroupField
>;

function toSpec(attrs: Obj): Obj {
  const unknown = Object.keys(attrs).filter((key) => !Object.hasOwn(WIRE_TO_SPEC, key));
  if (unknown.length) {
    throw new ErrorResponse(
      400,
      unknown.map((key) => {
        const meant = Object.hasOwn(SPEC_TO_WIRE, key) ? ` (the wire name is "${SPEC_TO_WIRE[key]}")` : "";
        return {
          detail: `data.attributes has unknown field ${quote(key)}${meant}; a group's attributes are ${Object.keys(WIRE_TO_SPEC).join(", ")}`,
          pointer: pointer(["data", "attributes", key]),
        };
      }),
    );
  }
  const spec: Obj = {};
  for (const [key, value] of Object.entries(attrs)) spec[WIRE_TO_SPEC[key]] = value;
  return spec;
}

const specPathToWire = (path: (string | number)[]) =>
  path.length && typeof path[0] === "string" && SPEC_TO_WIRE[path[0]]
    ? [SPEC_TO_WIRE[path[0]], ...path.slice(1)]
    : path;

function validate(spec: Obj): GroupSpec {
  const problems: Problem[] = issueProblems(groupSpecIssues(spec), specPathToWire);
  if (problems.length) throw new ErrorResponse(400, problems);
  const valid = spec as unknown as GroupSpec;
  return { ...valid, members: valid.members.map((m) => m.toLowerCase()) };
}

export function readGroupCreate(attrs: Obj): GroupSpec {
  return validate({ members: [], ...toSpec(attrs) });
}

/** PATCH: any subset; what is given replaces the stored value whole (incl. identifier_tags). */
export function readGroupPatch(attrs: Obj, stored: GroupRow): GroupSpec {
  return validate({
    name: stored.name,
    integration: stored.integrationType,
    identifierTags: stored.identifierTags,
    members: stored.members,
    ...toSpec(attrs),
  });
}
