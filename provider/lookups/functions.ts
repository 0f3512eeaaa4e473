/**
 * Lookups by id as plain functions (Pulumi's `getX` / `getXOutput` convention): they read
 * through the client when the program runs (at preview and at `up`), never write, and put
 * nothing in state. Use them for values; use `Connection.get` for a resource object (e.g. a
 * group member).
 */
import * as pulumi from "@pulumi/pulumi";
import type { RemoteConnection } from "../../client";
import { explain } from "../runtime/explain";
import { withEmptySecrets } from "../runtime/lookup";
import type { IntegrationType } from "../types";
import type { IntegrationOutput } from "../outputs";
import { withProgramClient } from "./program-client";

export interface GetConnectionArgs {
  /** The connection's id. */
  id: string;
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

/** Reads an existing connection by id. Fails (naming the id) when it does not exist. */
export function getConnection(args: GetConnectionArgs): Promise<GetConnectionResult> {
  return withProgramClient((client) => client.connections.get(args.id)).then(connectionResult, (err: unknown) => {
    throw explain(`getConnection(${JSON.stringify(args.id)})`, err);
  });
}

/** `getConnection` for an id that is an Output (e.g. another stack's output). */
export function getConnectionOutput(args: { id: pulumi.Input<string> }): pulumi.Output<GetConnectionResult> {
  return pulumi.output(args.id).apply((id) => getConnection({ id }));
}

/** Reads an existing connection group by id (the local backend; Datadog has no groups API). */
export function getConnectionGroup(args: GetConnectionGroupArgs): Promise<GetConnectionGroupResult> {
  return withProgramClient((client) => client.groups.get(args.id)).then(
    (g) => ({
      id: g.id,
      name: g.name,
      integration: g.integration as IntegrationType,
      identifierTags: g.identifierTags,
      members: g.members,
    }),
    (err: unknown) => {
      throw explain(`getConnectionGroup(${JSON.stringify(args.id)})`, err);
    },
  );
}

/** `getConnectionGroup` for an id that is an Output. */
export function getConnectionGroupOutput(args: { id: pulumi.Input<string> }): pulumi.Output<GetConnectionGroupResult> {
  return pulumi.output(args.id).apply((id) => getConnectionGroup({ id }));
}
