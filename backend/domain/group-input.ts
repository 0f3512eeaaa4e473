/**
 * Reading a group's attributes from a request: wire names (`integration_type`, `tag_keys`,
 * `connections`, `description`) -> the rules' spec (`integration`, `identifierTags`, `members`,
 * `description`), checked by `groupSpecIssues`; issue paths are mapped back to the wire names.
 * `policy_attributes` (Datadog's PATCH takes it, a string of unspecified format) is read apart:
 * it is kept as sent and changes nothing else (backend/README.md).
 * The wire names are the only ones accepted: any other attribute (the rules' camelCase names,
 * `integration` next to `integration_type`, read-only ones such as `created_at`) is a 400
 * naming it, so no attribute is silently ignored or read two ways.
 */
import {
  GROUP_ATTRIBUTES,
  GROUP_POLICY_ATTRIBUTES,
  GroupField,
  GroupSpec,
  groupSpecIssues,
  quote,
} from "pulumi-workflow-connections-rules";
import { ErrorResponse, Problem, issueProblems, pointer } from "../errors/error-response";
import type { GroupRow } from "../storage/groups-table";

type Obj = Record<string, unknown>;

const SPEC_TO_WIRE: Record<string, string> = GROUP_ATTRIBUTES;
const WIRE_TO_SPEC = Object.fromEntries(Object.entries(GROUP_ATTRIBUTES).map(([s, w]) => [w, s])) as Record<
  string,
  GroupField
>;

function toSpec(attrs: Obj): Obj {
  const unknown = Object.keys(attrs).filter(
    (key) => !Object.hasOwn(WIRE_TO_SPEC, key) && key !== GROUP_POLICY_ATTRIBUTES,
  );
  if (unknown.length) {
    throw new ErrorResponse(
      400,
      unknown.map((key) => {
        const meant = Object.hasOwn(SPEC_TO_WIRE, key) ? ` (the wire name is "${SPEC_TO_WIRE[key]}")` : "";
        return {
          detail: `data.attributes has unknown field ${quote(key)}${meant}; a group's attributes are ${[...Object.keys(WIRE_TO_SPEC), GROUP_POLICY_ATTRIBUTES].join(", ")}`,
          pointer: pointer(["data", "attributes", key]),
        };
      }),
    );
  }
  const spec: Obj = {};
  for (const [key, value] of Object.entries(attrs))
    if (key !== GROUP_POLICY_ATTRIBUTES) spec[WIRE_TO_SPEC[key]] = value;
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

/** PATCH: any subset; what is given replaces the stored value whole (incl. tag_keys and connections). */
export function readGroupPatch(attrs: Obj, stored: GroupRow): GroupSpec {
  return validate({
    name: stored.name,
    description: stored.description,
    integration: stored.integrationType,
    identifierTags: stored.identifierTags,
    members: stored.members,
    ...toSpec(attrs),
  });
}

/** `policy_attributes` of a create or PATCH: undefined when not given; a string, else 400. */
export function readPolicyAttributes(attrs: Obj): string | undefined {
  const value = attrs[GROUP_POLICY_ATTRIBUTES];
  if (value === undefined || typeof value === "string") return value;
  throw new ErrorResponse(400, {
    detail: `${GROUP_POLICY_ATTRIBUTES} must be a string`,
    pointer: pointer(["data", "attributes", GROUP_POLICY_ATTRIBUTES]),
  });
}
