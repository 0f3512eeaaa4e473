/**
 * The rules: what a valid identifier tag, connection and connection group is. The provider runs
 * them during `pulumi preview` (check), the backend before every write, so the two never
 * disagree. Every function returns all issues at once and skips Pulumi's unknown values.
 */
export * from "./unknown";
export * from "./ids";
export * from "./issue";
export * from "./tags";
export { CATALOG, INTEGRATION_TYPES, integrationDef, credentialDef } from "./catalog";
export type { FieldDef, CredentialDef, IntegrationDef } from "./catalog";
export * from "./integrations";
export * from "./connection";
export * from "./group";
export * from "./wire";
export * from "./access";
