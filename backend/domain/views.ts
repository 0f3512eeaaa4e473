/**
 * Stored rows -> JSON:API resources. Secret values are always blanked to "" (tokens keep their
 * name with `value: ""`); AWS credentials gain the server-computed `external_id` and
 * `principal_id`. Extra attributes (`created_at`, `last_updated`, `created_by`) are ones clients
 * must tolerate anyway, as Datadog sends them too.
 */
import { atLeast, Relation } from "../auth/caller-relation";
import { blankSecrets } from "../secrets/sealed-integration";
import type { ConnectionRow } from "../storage/connections-table";
import type { GroupRow } from "../storage/groups-table";
import { CONNECTION_EXTRA_ATTRIBUTES, GROUP_ATTRIBUTES, WIRE_TYPES } from "pulumi-workflow-connections-rules";

export const CONNECTION_TYPE = WIRE_TYPES.connection;
export const GROUP_TYPE = WIRE_TYPES.group;
export const POLICY_TYPE = WIRE_TYPES.policy;

/**
 * `acting_user_can_resolve` (a field Datadog sends too) tells the caller whether it may use the
 * connection, e.g. add it to a group: the provider's preview checks members with it.
 */
export function connectionView(row: ConnectionRow, awsPrincipalId: string, relation: Relation | undefined) {
  const integration = blankSecrets(row.integration);
  if (integration.type === "AWS") {
    integration.credentials = {
      ...integration.credentials,
      external_id: row.externalId ?? "",
      principal_id: awsPrincipalId,
    };
  }
  return {
    id: row.id,
    type: CONNECTION_TYPE,
    attributes: {
      name: row.name,
      integration,
      tags: row.tags,
      created_at: row.createdAt,
      last_updated: row.updatedAt,
      created_by: row.createdBy,
      [CONNECTION_EXTRA_ATTRIBUTES.actingUserCanResolve]: atLeast(relation, "resolver"),
    },
  };
}

/**
 * A group as one caller sees it: `members` are the member ids they may view (hidden members are
 * left out, domain/group-view.ts); `removed` (its editors only) lists memberships a connection's
 * editor ended (domain/pinning.ts).
 */
export function groupView(row: GroupRow, members: readonly string[], removed?: readonly RemovedMemberView[]) {
  return {
    id: row.id,
    type: GROUP_TYPE,
    attributes: {
      name: row.name,
      [GROUP_ATTRIBUTES.integration]: row.integrationType,
      [GROUP_ATTRIBUTES.identifierTags]: row.identifierTags,
      [GROUP_ATTRIBUTES.members]: members,
      created_at: row.createdAt,
      last_updated: row.updatedAt,
      created_by: row.createdBy,
      ...(removed ? { removed_members: removed } : {}),
    },
  };
}

/** One ended membership as a group's editor reads it: the id only when they could view the connection. */
export interface RemovedMemberView {
  connection_id?: string;
  reason: string;
  removed_at: string;
}

/** How messages name a connection: its name and its id. */
export function connectionLabel(row: Pick<ConnectionRow, "id" | "name">): string {
  return `${row.name} (${row.id})`;
}
