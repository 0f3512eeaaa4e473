/**
 * What a lookup (`Connection.get`, `ConnectionGroup.get`) registers: every output name, so the
 * resource object has each declared output, with the values the caller already knows (the
 * `state` argument, as with any Pulumi `get`); the engine's read fills in the rest.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { IntegrationType } from "../types";
import { ConnectionsTarget } from "../target";
import type { ConnectionAccessOutput, ConnectionGroupAccessOutput, IntegrationOutput } from "../outputs";

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** The target the lookup reads from (default: the stack's), as a resource's `target` names it. */
interface LookupTarget {
  target: ConnectionsTarget;
}

/** A Connection's outputs, as `Connection.get`'s optional `state` names them. */
export type ConnectionState = Inputs<{
  name: string;
  integration: IntegrationOutput;
  integrationType: IntegrationType;
  tags: string[];
  externalId: string;
  principalId: string;
  adoptId: string;
  adoptDropsMissing: boolean | string[];
  secretRevisions: Record<string, number>;
  access: ConnectionAccessOutput;
  etag: string;
}> &
  LookupTarget;

/** A ConnectionGroup's outputs, as `ConnectionGroup.get`'s optional `state` names them. */
export type ConnectionGroupState = Inputs<{
  name: string;
  description: string;
  integration: IntegrationType;
  identifierTags: string[];
  members: string[];
  memberNames: Record<string, string>;
  access: ConnectionGroupAccessOutput;
  etag: string;
}> &
  LookupTarget;

export const CONNECTION_OUTPUTS: readonly (keyof ConnectionState)[] = [
  "name",
  "integration",
  "integrationType",
  "tags",
  "externalId",
  "principalId",
  "adoptId",
  "adoptDropsMissing",
  "secretRevisions",
  "access",
  "etag",
];
export const GROUP_OUTPUTS: readonly (keyof ConnectionGroupState)[] = [
  "name",
  "description",
  "integration",
  "identifierTags",
  "members",
  "memberNames",
  "access",
  "etag",
];

/**
 * Every output name (undefined unless `state` gives it), and the target to read from: the
 * provider's `read` runs against a lookup's `target` as against any resource's.
 */
export function lookupProps(names: readonly string[], state: object | undefined): Record<string, unknown> {
  const given = (state ?? {}) as Record<string, unknown>;
  const props: Record<string, unknown> = Object.fromEntries(names.map((n) => [n, given[n]]));
  if (given.target instanceof ConnectionsTarget) props.target = given.target.input;
  return props;
}
