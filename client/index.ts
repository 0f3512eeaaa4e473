/**
 * The connections API client: the one place that talks HTTP to a connections backend
 * (Datadog's API on any supported site, or the local backend).
 */
export { ConnectionsClient } from "./client";
export * from "./options";
export * from "./sites";
export { Connections, connectionFromWire, secretValues } from "./connections";
export type { RemoteConnection, ConnectionChange, ConnectionFilter, ConnectionListQuery, ConnectionPage } from "./connections";
export { Groups, groupFromWire, groupAttributesToWire } from "./groups";
export type { RemoteGroup } from "./groups";
export { RestrictionPolicies, connectionResource, groupResource } from "./restriction-policies";
export type { RestrictionPolicy } from "./restriction-policies";
export { Users, currentUserFromWire, teamIdsFromWire } from "./users";
export type { CurrentUser } from "./users";
export { HttpCore, JSON_API_HEADERS, queryString } from "./http";
export type { RequestSpec, HttpResponse, QueryValue } from "./http";
export { backoffDelay, retryAfterMs, isRetryable, isIdempotent, NOT_SENT_CODES, RETRYABLE_NETWORK_CODES } from "./retry";
export type { HttpMethod, Outcome } from "./retry";
export { REDACTED, makeRedactor } from "./redact";
export type { Redactor } from "./redact";
export { WIRE_TYPES, ROUTES, GROUP_ATTRIBUTES, POLICY_RESOURCE } from "pulumi-workflow-connections-rules";
export * from "./errors";
