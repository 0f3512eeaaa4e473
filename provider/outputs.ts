/**
 * The types outputs have: what the inputs are once resolved (`pulumi.Unwrap`), so a program's
 * `apply` callbacks receive plain strings and arrays, never `Input`s. docs/outputs.md lists each
 * output and when it is known; tests/types/outputs-program.ts type-checks a program using them all.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Integration } from "./types";
import type { ConnectionAccess, ConnectionGroupAccess } from "./access-types";

/**
 * A connection's integration as outputs hold it. Secret fields are secret Outputs; after a
 * lookup (`Connection.get`, `getConnection`) they are "" (the API never returns secret values).
 */
export type IntegrationOutput = pulumi.Unwrap<Integration>;
export type ConnectionAccessOutput = pulumi.Unwrap<ConnectionAccess>;
export type ConnectionGroupAccessOutput = pulumi.Unwrap<ConnectionGroupAccess>;
