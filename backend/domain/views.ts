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
      // Datadog's `CreatedBy` object (a strict client does not parse a bare string).
      created_by: { id: row.createdBy },
      [CONNECTION_EXTRA_ATTRIBUTES.actingUserCanResolve]: atLeast(relation, "resolver"),
    },
  };
}

/**
 * No external secrets manager: the backend keeps the secrets itself (sealed, secrets/). Datadog's
 * spec marks `external_secrets_manager` required and "nullable", but the nullable is ignored
 * (it sits beside a `$ref`): Go's and Rust's clients fail to parse an item whose value is null
 * or absent, and `{}` is not its one shape either. So the list sends that one shape, an AWS
 * manager with the nil UUID and an empty region, which every generated client parses and no
 * real manager can be; it means "none".
 */
export const NO_EXTERNAL_SECRETS_MANAGER = {
  aws: { connection_id: "00000000-0000-0000-0000-000000000000", region: "" },
} as const;

/**
 * An item of Datadog's connection list (`ConnectionDataResponse`): the connection's view plus
 * the fields that list requires. `is_favorite` is always false: favourites are marks a user
 * sets in Datadog's UI, and no operation here sets one.
 */
export function connectionListItem(row: ConnectionRow, awsPrincipalId: string, relation: Relation | undefined) {
  const view = connectionView(row, awsPrincipalId, relation);
  return {
    ...view,
    attributes: { ...view.attributes, is_favorite: false, external_secrets_manager: NO_EXTERNAL_SECRETS_MANAGER },
  };
}

/** The JSON:API type of a group's `created_by` relationship data (Datadog's users are `users`). */
export const CREATOR_TYPE = "users";

/**
 * A group as one caller sees it, in Datadog's `ConnectionGroupDataResponse` shape (the creator
 * a relationship; `is_favorite` always false, as for connections): `members` are the member ids they may view (hidden members are
 * left out, domain/group-view.ts); `removed` (its editors only) lists memberships a connection's
 * editor ended (domain/pinning.ts).
 */
export function groupView(row: GroupRow, members: readonly string[], removed?: readonly RemovedMemberView[]) {
  return {
    id: row.id,
    type: GROUP_TYPE,
    attributes: {
      [GROUP_ATTRIBUTES.name]: row.name,
      [GROUP_ATTRIBUTES.description]: row.description,
      [GROUP_ATTRIBUTES.integration]: row.integrationType,
      [GROUP_ATTRIBUTES.identifierTags]: row.identifierTags,
      [GROUP_ATTRIBUTES.members]: members,
      created_at: row.createdAt,
      last_updated_at: row.updatedAt,
      is_favorite: false,
      ...(removed ? { removed_members: removed } : {}),
    },
    relationships: { created_by: { data: { id: row.createdBy, type: CREATOR_TYPE } } },
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
