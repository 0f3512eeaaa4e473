/**
 * `secretRevisions`: per secret field of a connection, how many times its value has changed
 * (1 when first set). Why it exists: the CLI masks every secret as `[secret]` before it draws a
 * diff, and a dynamic provider cannot send a detailed diff, so a rotated token would show as an
 * update with nothing highlighted. A counter that moves is the one non-secret trace of a
 * rotation; it reveals nothing about the value (no hash, no length).
 *
 * Keys: a field's name (`apiToken`, `clientSecret`), and `tokens.<name>` for an HTTP token.
 * A secret given by reference (`{ fromEnv, version }`) changes when the reference does (a new
 * version): the variable's value is never read here.
 * Computed in `check`, which the engine hands the old inputs with their secrets in plain text.
 */
import { IntegrationSpec, isUnknown, secretPaths } from "pulumi-workflow-connections-rules";
import { sameValue } from "./inputs";

export type SecretRevisions = Record<string, number>;

/** The secret values of an integration by revision key; undefined when its shape is not known yet. */
function secretValues(integration: unknown): Map<string, unknown> | undefined {
  if (integration === null || typeof integration !== "object" || Array.isArray(integration) || isUnknown(integration))
    return undefined;
  const spec = integration as IntegrationSpec;
  const out = new Map<string, unknown>();
  if (spec.type === "HTTP") {
    if (!Array.isArray(spec.tokens)) return spec.tokens === undefined ? out : undefined;
    for (const t of spec.tokens as unknown[]) {
      if (
        t === null ||
        typeof t !== "object" ||
        typeof (t as { name?: unknown }).name !== "string" ||
        isUnknown((t as { name: string }).name)
      )
        return undefined;
      out.set(`tokens.${(t as { name: string }).name}`, (t as { value?: unknown }).value);
    }
    return out;
  }
  for (const [field] of secretPaths(spec)) {
    const value = spec[String(field)];
    if (value !== undefined) out.set(String(field), value);
  }
  return out;
}

/**
 * The revisions for `news`, given the previous inputs `olds` (with their revisions): a field
 * whose value changed counts up, an unchanged one keeps its count, a new one starts at 1. A
 * value still unknown (preview) keeps the old count: the check before apply counts it.
 */
export function nextSecretRevisions(
  olds: { integration?: unknown; secretRevisions?: unknown },
  news: { integration?: unknown },
): SecretRevisions | undefined {
  const prior =
    olds.secretRevisions !== null && typeof olds.secretRevisions === "object"
      ? (olds.secretRevisions as SecretRevisions)
      : {};
  const now = secretValues(news.integration);
  if (!now) return Object.keys(prior).length ? prior : undefined;
  const before = secretValues(olds.integration) ?? new Map<string, unknown>();
  const out: SecretRevisions = {};
  for (const [key, value] of now) {
    const count = typeof prior[key] === "number" ? prior[key] : 1;
    const changed = before.has(key) && !isUnknown(value) && !sameValue(before.get(key), value);
    out[key] = changed ? count + 1 : count;
  }
  return Object.keys(out).length ? out : undefined;
}
