/**
 * Datadog's group attributes the first schema lacked: `description`, and the opaque
 * `policy_attributes` string its PATCH accepts (kept as sent, never returned; see
 * backend/README.md). Additive: older replicas neither read nor write them.
 */
import type { Migration } from "./index";

export const groupDescription: Migration = {
  version: 4,
  name: "group-description",
  sql: `
    ALTER TABLE connection_groups ADD COLUMN description text NOT NULL DEFAULT '';
    ALTER TABLE connection_groups ADD COLUMN policy_attributes text;
  `,
};
