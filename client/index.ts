/**
 * The connections API client: the one place that talks HTTP to a connections backend
 * (Datadog's API on any supported site, or the local backend). Internal to this repository (the
 * provider runtime, the scripts and the tests use it); the package does not export it. Its
 * helpers (retry timing, redaction, wire names) are imported from their own modules.
 */
export { ConnectionsClient } from "./client";
export * from "./options";
export * from "./sites";
export { Connections } from "./connections";
export type {
  RemoteConnection,
  ConnectionChange,
  ConnectionFilter,
  ConnectionListQuery,
  ConnectionPage,
} from "./connections";
export { Groups } from "./groups";
export type { RemoteGroup, GroupFilter, GroupListQuery, GroupPage } from "./groups";
export type { GroupCapabilities } from "./capabilities";
export type { PageCounts, PageQuery } from "./list-pages";
export { RestrictionPolicies } from "./restriction-policies";
export type { RestrictionPolicy } from "./restriction-policies";
export { echoedPolicy, initialPolicyMeta } from "./initial-policy";
export type { CreatedWithPolicy, InitialPolicy } from "./initial-policy";
export { Users } from "./users";
export type { CurrentUser } from "./users";
export { ROUTES } from "pulumi-workflow-connections-rules";
export { Directory, PRINCIPAL_ROUTES } from "./directory";
export type { LookedUpType } from "./directory";
export { etagFrom } from "./etag";
export type { WriteConditions } from "./etag";
export * from "./errors";
