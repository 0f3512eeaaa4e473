/**
 * How the generated program reads a secret field (the API never returns secret values): the one
 * place that decides it, so another way of supplying secrets changes this file only.
 */
import { sourceString } from "./source-text";

export interface SecretToSet {
  /** The stack config key the program reads (unique in the program). */
  key: string;
  /** What it is, for the user: the field and the connection (id, name, base URL), already escaped. */
  what: string;
}

/** The program's source for the secret's value. */
export function secretInput(secret: SecretToSet): string {
  return `config.requireSecret(${sourceString(secret.key)})`;
}

/** The program's imports and lines before any `secretInput`. */
export const SECRET_IMPORTS = ['import * as pulumi from "@pulumi/pulumi";'];
export const SECRET_PREAMBLE = ["const config = new pulumi.Config();"];

/** What the user must do before the first preview, then one command per secret (for the file and the terminal). */
export function secretInstructions(secrets: readonly SecretToSet[]): string[] {
  return [
    "The API never returns secret values: set each one in the stack config (each command prompts for its value), then run `pulumi preview`:",
    ...secrets.map((s) => `  pulumi config set --secret ${s.key}   # ${s.what}`),
  ];
}
