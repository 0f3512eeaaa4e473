/**
 * How the generated program reads a secret field (the API never returns secret values): the one
 * place that decides it (`generate --secrets <config|env>`).
 * - `config` (the default): `config.requireSecret("<resource>.<field>")`, set with
 *   `pulumi config set --secret` (the value is then stored in the state, encrypted);
 * - `env`: a reference `{ fromEnv: "<VARIABLE>", version: 1 }`, read by the provider from the
 *   environment of `pulumi` when it writes the secret, never stored in the state
 *   (docs/secrets-by-reference.md). Variable names come from the resource name and the field
 *   (`jira-prod` + `apiToken` -> `JIRA_PROD_API_TOKEN`).
 * Either way each key is claimed from one registry, so no two secrets share one.
 */
import { ENV_NAME } from "pulumi-workflow-connections-rules";
import { sourceString } from "./source-text";
import { NameRegistry } from "./unique-names";

export type SecretsFrom = "config" | "env";
export const SECRETS_FROM: readonly SecretsFrom[] = ["config", "env"];

export interface SecretToSet {
  /** The stack config key or the environment variable the program reads (unique in the program). */
  key: string;
  /** What it is, for the user: the field and the connection (id, name, base URL), already escaped. */
  what: string;
}

export interface SecretSource {
  readonly from: SecretsFrom;
  /** What the keys are, for messages ("stack config key", "environment variable"). */
  readonly keyKind: string;
  /** A key of its own for the secret `field` of the (unique) resource `resource`. */
  claim(resource: string, field: string): string;
  /** The program's source for the secret's value. */
  input(secret: SecretToSet): string;
  /** The program's imports and lines before any input. */
  readonly imports: string[];
  readonly preamble: string[];
  /** What the user must do before the first preview, then one command per secret. */
  instructions(secrets: readonly SecretToSet[]): string[];
}

/** `jira-prod`, `token apiToken` -> `JIRA_PROD_TOKEN_API_TOKEN` (a valid variable name). */
function constantCase(...parts: string[]): string {
  const name = parts
    .join(" ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean)
    .join("_")
    .toUpperCase();
  return ENV_NAME.test(name) ? name : `_${name}`;
}

export function secretSource(from: SecretsFrom = "config"): SecretSource {
  const keys = new NameRegistry();
  if (from === "config")
    return {
      from,
      keyKind: "stack config key",
      claim: (resource, field) => keys.claim(`${resource}.${field}`),
      input: (secret) => `config.requireSecret(${sourceString(secret.key)})`,
      imports: ['import * as pulumi from "@pulumi/pulumi";'],
      preamble: ["const config = new pulumi.Config();"],
      instructions: (secrets) => [
        "The API never returns secret values: set each one in the stack config (each command prompts for its value), then run `pulumi preview`:",
        ...secrets.map((s) => `  pulumi config set --secret ${s.key}   # ${s.what}`),
      ],
    };
  return {
    from,
    keyKind: "environment variable",
    claim: (resource, field) => keys.claim(constantCase(resource, field), "_"),
    input: (secret) => `{ fromEnv: ${sourceString(secret.key)}, version: 1 }`,
    imports: [],
    preamble: [],
    instructions: (secrets) => [
      "The API never returns secret values: put each one in the environment of `pulumi` (export it, a CI secret, or `pulumi env run`), then run `pulumi preview`; the values are read when a connection is adopted or a version changes, and never stored in the state:",
      ...secrets.map((s) => `  export ${s.key}=…   # ${s.what}`),
    ],
  };
}
