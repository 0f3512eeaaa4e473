/**
 * pulumi-workflow-connections: Datadog-style workflow connections and connection groups as
 * Pulumi resources, validated at `pulumi preview`.
 */
export { Connection } from "./connection";
export type { ConnectionArgs } from "./connection";
export { ConnectionGroup } from "./connection-group";
export type { ConnectionGroupArgs } from "./connection-group";
export { ConnectionsTarget } from "./target";
export type { ConnectionsTargetArgs } from "./target";
export * from "./types";
export type { ConnectionAccess, ConnectionGroupAccess } from "./access-types";
export type { IntegrationOutput, ConnectionAccessOutput, ConnectionGroupAccessOutput } from "./outputs";
export type { ConnectionState, ConnectionGroupState } from "./lookups/state";
export { getConnection, getConnectionOutput, getConnectionGroup, getConnectionGroupOutput } from "./lookups/functions";
export type {
  GetConnectionArgs,
  GetConnectionResult,
  GetConnectionGroupArgs,
  GetConnectionGroupResult,
} from "./lookups/functions";
