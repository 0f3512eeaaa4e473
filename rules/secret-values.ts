/**
 * Values a program marked secret (`pulumi.secret(...)`, secret config) are never quoted in a
 * message: a rule that would quote one names the property and the rule, and says `[secret]`
 * where the value would be. The checks run inside `withSecretValues` with the secret values of
 * the inputs at hand (the preflight knows them from the Outputs, the provider's check from the
 * paths the preflight passes it, the policy pack from the engine's secret markers); `quote`
 * (./issue.ts) consults them, and `hideSecretValues` sweeps a finished message, for text that
 * was not quoted or was built outside the scope.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { escapeRefused } from "./text";

export const SECRET_PLACEHOLDER = "[secret]";

/** Shorter secrets are only hidden where a message quotes exactly them (a sweep would mangle `[1]`). */
const MIN_SWEPT_LENGTH = 4;

const scope = new AsyncLocalStorage<readonly string[]>();

/** Runs `fn` (sync or async) with `values` as secret, in addition to any of an enclosing scope. */
export function withSecretValues<T>(values: Iterable<string>, fn: () => T): T {
  const all = [...new Set([...currentSecretValues(), ...[...values].filter((v) => typeof v === "string" && v !== "")])];
  return scope.run(all, fn);
}

export function currentSecretValues(): readonly string[] {
  return scope.getStore() ?? [];
}

/** The forms a secret takes in a message: as it is, JSON-escaped (once, or twice inside a quoted JSON text), quoted. */
function formsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const twice = JSON.stringify(json).slice(1, -1);
  return [...new Set([secret, json, twice, escapeRefused(JSON.stringify(secret)).slice(1, -1)])];
}

/** Is `text` a secret value, or does it hold one? */
export function holdsSecretValue(text: string, secrets: readonly string[] = currentSecretValues()): boolean {
  for (const s of secrets) {
    if (text === s) return true;
    if (s.length >= MIN_SWEPT_LENGTH && formsOf(s).some((f) => text.includes(f))) return true;
  }
  return false;
}

/** `text` with every secret value (of at least 4 characters, in any of its forms) replaced by `[secret]`. */
export function hideSecretValues(text: string, secrets: readonly string[] = currentSecretValues()): string {
  let out = text;
  const forms = secrets
    .filter((s) => s.length >= MIN_SWEPT_LENGTH)
    .flatMap(formsOf)
    .sort((a, b) => b.length - a.length);
  for (const f of forms) out = out.split(f).join(SECRET_PLACEHOLDER);
  return out;
}

/** Every string inside `value` (the leaves of a secret object or array are each secret). */
export function stringLeaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringLeaves(v, out);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) stringLeaves(v, out);
  else if (typeof value === "number" || typeof value === "boolean") out.push(String(value));
  return out;
}
