/**
 * How the rules treat Pulumi's unknown sentinels (unknown.ts).
 *
 * - `STRICT`, the default and the only mode the backend uses: every value is judged as the
 *   known value it is. A sentinel string in a request is just a string, and breaks whatever
 *   rule it breaks (a 36-character UUID is no AWS account id).
 * - `PREVIEW`, for the provider's `check` only: during `pulumi preview` a sentinel stands for a
 *   value not known yet, so the rule that would judge it is skipped (check runs again with
 *   real values before anything is applied). A program's inputs may also give a secret field
 *   by reference (`{ fromEnv, version }`, secret-reference.ts): accepted in this mode only.
 *
 * Modes are unique symbols, compared by identity: no JSON value, request body or program input
 * can be or become one, and anything that is not `PREVIEW` (a missing argument, a string, a
 * look-alike) means strict. So no wire value can switch a rule off.
 */
import { isUnknown } from "./unknown";

export const STRICT: unique symbol = Symbol("rules: strict (every value checked)");
export const PREVIEW: unique symbol = Symbol("rules: preview (Pulumi's unknown values skipped)");
export type RuleMode = typeof STRICT | typeof PREVIEW;

/** True only in preview mode, and only for one of Pulumi's unknown sentinels. */
export function skipsUnknown(mode: RuleMode | undefined, value: unknown): boolean {
  return mode === PREVIEW && isUnknown(value);
}
