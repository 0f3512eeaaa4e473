/**
 * The rules: what a valid identifier tag, connection and connection group is. The provider runs
 * them during `pulumi preview` (check), the backend before every write, so the two never
 * disagree. Every function returns all issues at once. They are strict unless called with
 * `PREVIEW`, which only the provider's check passes (then Pulumi's unknown values are skipped).
 * `PREVIEW` is not exported here: it comes from "rules/mode" alone, which no backend file imports
 * (tests/rules/mode.test.ts checks that).
 */
export * from "./unknown";
export { STRICT } from "./mode";
export type { RuleMode } from "./mode";
export * from "./text";
export * from "./ids";
export * from "./issue";
export * from "./secret-values";
export * from "./tags";
export { CATALOG, INTEGRATION_TYPES, integrationDef, credentialDef } from "./catalog";
export type { FieldDef, CredentialDef, IntegrationDef } from "./catalog";
export * from "./integrations";
export * from "./secret-reference";
export * from "./connection";
export * from "./group";
export * from "./wire";
export * from "./wire-patch";
export * from "./wire-names";
export * from "./json";
export * from "./restriction-policy";
