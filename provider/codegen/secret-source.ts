/**
 * Where a generated program takes each secret from (`generate --secrets <config|env>`), since the
 * API never returns secret values:
 * - `config` (the default): `config.requireSecret("<key>")`, set with `pulumi config set --secret`
 *   (the value is then stored in the state, encrypted);
 * - `env`: a reference `{ fromEnv: "<VARIABLE>", version: 1 }`, read by the provider from the
 *   environment of `pulumi` when it writes the secret, never stored in the state
 *   (docs/secrets-by-reference.md). Variable names come from the resource name and the field
 *   (`jira-prod` + `apiToken` -> `JIRA_PROD_API_TOKEN`), unique in the program, valid names.
 */
import { ENV_NAME } from "pulumi-workflow-connections-rules";

export type SecretsFrom = "config" | "env";
export const SECRETS_FROM: readonly SecretsFrom[] = ["config", "env"];

/** What the user sets for one secret: a config key or an environment variable. */
export interface SecretSetting {
  key: string;
  what: string;
}

/** `jira-prod`, `token apiToken` -> `JIRA_PROD_TOKEN_API_TOKEN`. */
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

export interface SecretSource {
  readonly from: SecretsFrom;
  /** The program's expression for the secret `field` of `resource`; `configKey` is its config key. */
  expression(configKey: string, resource: string, field: string): { source: string; key: string };
  /** Whether the program reads the stack config (imports pulumi, makes a Config). */
  readonly needsConfig: boolean;
  /** What to do before the first preview, then one line per secret (a command to run). */
  instructions(secrets: readonly SecretSetting[]): string[];
}

export function secretSource(from: SecretsFrom = "config"): SecretSource {
  if (from === "config")
    return {
      from,
      needsConfig: true,
      expression: (key) => ({ source: `config.requireSecret(${JSON.stringify(key)})`, key }),
      instructions: (secrets) => [
        "The API never returns secret values: set each one in the stack config (each command prompts for its value), then run `pulumi preview`:",
        ...secrets.map((s) => `  pulumi config set --secret ${s.key}   # ${s.what}`),
      ],
    };
  const used = new Set<string>();
  return {
    from,
    needsConfig: false,
    expression(_configKey, resource, field) {
      const base = constantCase(resource, field);
      let key = base;
      for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
      used.add(key);
      return { source: `{ fromEnv: ${JSON.stringify(key)}, version: 1 }`, key };
    },
    instructions: (secrets) => [
      "The API never returns secret values: put each one in the environment of `pulumi` (export it, a CI secret, or `pulumi env run`), then run `pulumi preview`; the values are read when a connection is adopted or a version changes, and never stored in the state:",
      ...secrets.map((s) => `  export ${s.key}=…   # ${s.what}`),
    ],
  };
}
