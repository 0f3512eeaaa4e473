/**
 * Lists are filtered, counted and paged in SQL (a page costs the same at 10,000 stored rows as at 1,000): an index for the list order
 * (created_at, id) of both resources, and a GIN index for `tags @> '["env:prod"]'` filters.
 */
import type { Migration } from "./index";

export const listIndexes: Migration = {
  version: 2,
  name: "list-indexes",
  sql: `
    CREATE INDEX connections_list_order ON connections (created_at, id);
    CREATE INDEX connections_tags ON connections USING gin (tags jsonb_path_ops);
    CREATE INDEX connection_groups_list_order ON connection_groups (created_at, id);
    CREATE INDEX connection_groups_integration_type ON connection_groups (integration_type);
  `,
};
