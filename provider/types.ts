/**
 * The integration a Connection uses, as a program writes it: camelCase, with the credential
 * fields flattened into the integration. Field lists follow rules/catalog.ts (the runtime truth:
 * `pulumi preview` checks every value against it). Secret fields are stored encrypted in state.
 */
import type * as pulumi from "@pulumi/pulumi";

type S = pulumi.Input<string>;
export interface NameValue {
  name: S;
  value: S;
}

export interface HttpIntegration {
  type: "HTTP";
  /** Absolute http(s) URL the HTTP action calls. */
  baseUrl: S;
  /** Secret tokens, referenced from headers/parameters/body; values are secret. */
  tokens?: pulumi.Input<pulumi.Input<NameValue>[]>;
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
  clientSecret: S;
  customScopes?: S;
}
export interface CloudflareTokenIntegration {
  type: "Cloudflare";
  credentialType?: "CloudflareAPIToken";
  apiToken: S;
}
export interface CloudflareGlobalKeyIntegration {
  type: "Cloudflare";
  credentialType: "CloudflareGlobalAPIToken";
  authEmail: S;
  globalApiKey: S;
}
export interface ConfigCatIntegration {
  type: "ConfigCat";
  sdkKey: S;
  apiUsername: S;
  apiPassword: S;
}
export interface DatadogIntegration {
  type: "Datadog";
  datacenter: S;
  apiKey: S;
  appKey: S;
  subdomain?: S;
}
export interface FreshserviceIntegration {
  type: "Freshservice";
  domain: S;
  apiKey: S;
}
export interface GcpIntegration {
  type: "GCP";
  serviceAccountEmail: S;
  privateKey: S;
}
export interface OktaIntegration {
  type: "Okta";
  domain: S;
  apiToken: S;
}
export interface ServiceNowIntegration {
  type: "ServiceNow";
  instance: S;
  username: S;
  password: S;
}
export interface ApiTokenIntegration {
  type: "Anthropic" | "CircleCI" | "Clickup" | "Gitlab" | "LaunchDarkly" | "Notion" | "OpenAI";
  apiToken: S;
}
export interface ApiKeyIntegration {
  type: "Fastly" | "Gemini" | "GreyNoise" | "Split" | "Statsig" | "VirusTotal";
  apiKey: S;
}
export interface AsanaIntegration {
  type: "Asana";
  accessToken: S;
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
