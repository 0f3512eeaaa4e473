/** The first schema: connections, groups and their members, restriction policies, settings. */
import type { Migration } from "./index";

export const initial: Migration = {
  version: 1,
  name: "initial",
  sql: `
    -- Secret credential values never land here in plain text: \`integration\` holds the wire
    -- integration with secret fields blanked, \`secrets\` the AES-256-GCM sealed values.
    CREATE TABLE connections (
      id               uuid PRIMARY KEY,
      name             text NOT NULL,
      integration_type text NOT NULL,
      integration      jsonb NOT NULL,
      secrets          text,
      tags             jsonb NOT NULL DEFAULT '[]',
      external_id      text,
      created_at       timestamptz NOT NULL,
      updated_at       timestamptz NOT NULL,
      created_by       text NOT NULL
    );
    CREATE INDEX connections_integration_type ON connections (integration_type);

    CREATE TABLE connection_groups (
      id               uuid PRIMARY KEY,
      name             text NOT NULL,
      integration_type text NOT NULL,
      identifier_tags  jsonb NOT NULL,
      created_at       timestamptz NOT NULL,
      updated_at       timestamptz NOT NULL,
      created_by       text NOT NULL
    );

    -- RESTRICT: the API refuses to delete a member with a 409 first; this is the safety net.
    CREATE TABLE group_members (
      group_id      uuid NOT NULL REFERENCES connection_groups (id) ON DELETE CASCADE,
      connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE RESTRICT,
      position      integer NOT NULL,
      PRIMARY KEY (group_id, connection_id)
    );
    CREATE INDEX group_members_connection ON group_members (connection_id);

    -- resource_id is "connection:<uuid>" or "connection-group:<uuid>".
    CREATE TABLE restriction_policies (
      resource_id text PRIMARY KEY,
      bindings    jsonb NOT NULL,
      updated_at  timestamptz NOT NULL
    );

    CREATE TABLE settings (
      key   text PRIMARY KEY,
      value text NOT NULL
    );
  `,
};
