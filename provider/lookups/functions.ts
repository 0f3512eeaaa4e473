/**
 * Lookups by id as plain functions (Pulumi's `getX` / `getXOutput` convention): they read
 * through the client when the program runs (at preview and at `up`), never write, and put
 * nothing in state. Use them for values; use `Connection.get` for a resource object (e.g. a
 * group member).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionsClient, RemoteConnection } from "../../client";
import { explain } from "../runtime/explain";
import { lookupKeysProblem, withEmptySecrets } from "../runtime/lookup";
import type { ConnectionsTarget } from "../target";
import type { IntegrationType } from "../types";
import type { IntegrationOutput } from "../outputs";
import { withProgramClient } from "./program-client";

export interface GetConnectionArgs {
  /** The connection's id. */
  id: string;
  /** The target to read it from (default: the stack's default target), as a resource's `target`. */
  target?: ConnectionsTarget;
}

export interface GetConnectionResult {
  id: string;
  name: string;
  tags: string[];
  integrationType: IntegrationType;
  /** Secret fields are "": the API never returns secret values. */
  integration: IntegrationOutput;
  /** AWS only. */
  externalId?: string;
  /** AWS only. */
  principalId?: string;
}

export interface GetConnectionGroupArgs {
  /** The group's id. */
  id: string;
  /** The target to read it from (default: the stack's default target), as a resource's `target`. */
  target?: ConnectionsTarget;
}

export interface GetConnectionGroupResult {
  id: string;
  name: string;
  integration: IntegrationType;
  identifierTags: string[];
  /** Member connection ids. */
  members: string[];
}

function connectionResult(remote: RemoteConnection): GetConnectionResult {
  const out: GetConnectionResult = {
    id: remote.id,
    name: remote.name,
    tags: remote.tags,
    integrationType: remote.integration.type as IntegrationType,
    integration: withEmptySecrets(remote.integration) as unknown as IntegrationOutput,
  };
  if (remote.externalId !== undefined) out.externalId = remote.externalId;
  if (remote.principalId !== undefined) out.principalId = remote.principalId;
  return out;
}

/** One lookup at its target: a missing key names what the lookup takes, any failure names the target asked. */
function lookUp<T>(
  what: "getConnection" | "getConnectionGroup",
  args: { id: string; target?: ConnectionsTarget },
  read: (client: ConnectionsClient) => Promise<T>,
): Promise<T> {
  return withProgramClient(
    args.target,
    (client, where) =>
      read(client).catch((err: unknown) => {
        throw explain(`${what}(${JSON.stringify(args.id)}) at ${where}`, err);
      }),
    (spec) => lookupKeysProblem(what, args.id, spec),
  );
}

/** Reads an existing connection by id (at `target`, else the default target). Fails, naming the id and the target, when it does not exist. */
export function getConnection(args: GetConnectionArgs): Promise<GetConnectionResult> {
  return lookUp("getConnection", args, (client) => client.connections.get(args.id)).then(connectionResult);
}

/** `getConnection` for an id that is an Output (e.g. another stack's output). */
export function getConnectionOutput(args: {
  id: pulumi.Input<string>;
  target?: ConnectionsTarget;
}): pulumi.Output<GetConnectionResult> {
  return pulumi.output(args.id).apply((id) => getConnection({ id, target: args.target }));
}

/** Reads an existing connection group by id (on a Datadog site, through its group list). */
export function getConnectionGroup(args: GetConnectionGroupArgs): Promise<GetConnectionGroupResult> {
  return lookUp("getConnectionGroup", args, (client) => client.groups.get(args.id)).then((g) => ({
    id: g.id,
    name: g.name,
    integration: g.integration as IntegrationType,
    identifierTags: g.identifierTags,
    members: g.members,
  }));
}

/** `getConnectionGroup` for an id that is an Output. */
export function getConnectionGroupOutput(args: {
  id: pulumi.Input<string>;
  target?: ConnectionsTarget;
}): pulumi.Output<GetConnectionGroupResult> {
  return pulumi.output(args.id).apply((id) => getConnectionGroup({ id, target: args.target }));
}
