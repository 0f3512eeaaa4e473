/**
 * The integration a Connection uses, as a program writes it: camelCase, with the credential
 * fields flattened into the integration. Field lists follow rules/catalog.ts (the runtime truth:
 * `pulumi preview` checks every value against it). Secret fields are stored encrypted in state,
 * unless given by reference (`Secret`), which keeps the value out of the state.
 */
import type * as pulumi from "@pulumi/pulumi";

type S = pulumi.Input<string>;
export interface NameValue {
  name: S;
  value: S;
}

/**
 * A secret by reference instead of by value: the provider reads the environment variable
 * `fromEnv` (of the process running `pulumi`) when it writes the secret (a create, an adoption, a
 * new `version`), so the value never enters the Pulumi state. Changing `version` writes the
 * variable's current value; the same version writes nothing. docs/secrets-by-reference.md.
 */
export interface SecretReference {
  fromEnv: S;
  version: pulumi.Input<string | number>;
}
/** A secret field: its value (plain or `pulumi.secret`), or a reference to an environment variable. */
export type Secret = S | pulumi.Input<SecretReference>;
/** An HTTP token: its value is a secret. */
export interface SecretNameValue {
  name: S;
  value: Secret;
}

export interface HttpIntegration {
  type: "HTTP";
  /** Absolute http(s) URL the HTTP action calls. */
  baseUrl: S;
  /** Secret tokens, referenced from headers/parameters/body; values are secret. */
  tokens?: pulumi.Input<pulumi.Input<SecretNameValue>[]>;
  headers?: pulumi.Input<pulumi.Input<NameValue>[]>;
  urlParameters?: pulumi.Input<pulumi.Input<NameValue>[]>;
  body?: pulumi.Input<{ content?: S; contentType?: S }>;
}
/** AWS assume-role; the backend computes `externalId` and `principalId` (resource outputs). */
export interface AwsIntegration {
  type: "AWS";
  accountId: S;
  role: S;
}
export interface AzureIntegration {
  type: "Azure";
  tenantId: S;
  appClientId: S;
  clientSecret: Secret;
  customScopes?: S;
}
export interface CloudflareTokenIntegration {
  type: "Cloudflare";
  credentialType?: "CloudflareAPIToken";
  apiToken: Secret;
}
export interface CloudflareGlobalKeyIntegration {
  type: "Cloudflare";
  credentialType: "CloudflareGlobalAPIToken";
  authEmail: S;
  globalApiKey: Secret;
}
export interface ConfigCatIntegration {
  type: "ConfigCat";
  sdkKey: Secret;
  apiUsername: S;
  apiPassword: Secret;
}
export interface DatadogIntegration {
  type: "Datadog";
  datacenter: S;
  apiKey: Secret;
  appKey: Secret;
  subdomain?: S;
}
export interface FreshserviceIntegration {
  type: "Freshservice";
  domain: S;
  apiKey: Secret;
}
export interface GcpIntegration {
  type: "GCP";
  serviceAccountEmail: S;
  privateKey: Secret;
}
export interface OktaIntegration {
  type: "Okta";
  domain: S;
  apiToken: Secret;
}
export interface ServiceNowIntegration {
  type: "ServiceNow";
  instance: S;
  username: S;
  password: Secret;
}
export interface ApiTokenIntegration {
  type: "Anthropic" | "CircleCI" | "Clickup" | "Gitlab" | "LaunchDarkly" | "Notion" | "OpenAI";
  apiToken: Secret;
}
export interface ApiKeyIntegration {
  type: "Fastly" | "Gemini" | "GreyNoise" | "Split" | "Statsig" | "VirusTotal";
  apiKey: Secret;
}
export interface AsanaIntegration {
  type: "Asana";
  accessToken: Secret;
}

export type Integration =
  | HttpIntegration
  | AwsIntegration
  | AzureIntegration
  | CloudflareTokenIntegration
  | CloudflareGlobalKeyIntegration
  | ConfigCatIntegration
  | DatadogIntegration
  | FreshserviceIntegration
  | GcpIntegration
  | OktaIntegration
  | ServiceNowIntegration
  | ApiTokenIntegration
  | ApiKeyIntegration
  | AsanaIntegration;

export type IntegrationType = Integration["type"];
