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

/** The lines the program needs before any `secretInput` (after its imports). */
export const SECRET_PREAMBLE = ["const config = new pulumi.Config();"];
