/**
 * A secret input given by reference instead of by value: `{ fromEnv: "OKTA_TOKEN", version: 3 }`.
 * The provider reads the variable only when it writes the secret (a create, an adoption, a new
 * version), so the value never enters a program's inputs or the Pulumi state; the version is
 * what a program changes to rotate it. Only a program's inputs may hold a reference: the rules
 * accept one in `PREVIEW` mode (the provider's), never in the backend's strict mode, so no
 * request can store a reference as a credential.
 */
import { quote, RuleIssue } from "./issue";
import { isObj } from "./json";
import { textProblem } from "./text";

export interface SecretReference {
  /** The environment variable (of the process running `pulumi`) holding the secret. */
  fromEnv: string;
  /** Changed to write the variable's current value; the same version writes nothing. */
  version: string | number;
}

/** POSIX shell rules for a variable name: a letter or `_`, then letters, digits or `_`. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Long enough for any real name; keeps a message from quoting a page of text. */
export const ENV_NAME_MAX_LENGTH = 128;
export const VERSION_MAX_LENGTH = 100;

/** Any object in a secret field is meant as a reference (a value is text). */
export function isSecretReference(value: unknown): value is SecretReference {
  return isObj(value);
}

/** What is wrong with a reference (paths from the reference), none when it is valid. */
export function secretReferenceIssues(ref: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const extra = Object.keys(ref).filter((k) => k !== "fromEnv" && k !== "version");
  if (extra.length)
    issues.push({
      path: [],
      message: `has unknown field${extra.length > 1 ? "s" : ""} ${extra.map((k) => quote(k)).join(", ")}; a secret is a value (text) or a reference { fromEnv, version }`,
    });
  const name = ref.fromEnv;
  if (name === undefined)
    issues.push({
      path: ["fromEnv"],
      message: "is required: a secret is a value (text) or a reference { fromEnv: <environment variable>, version }",
    });
  else if (typeof name !== "string" || name.length > ENV_NAME_MAX_LENGTH || !ENV_NAME.test(name))
    issues.push({
      path: ["fromEnv"],
      message: `${quote(name)}: must be an environment variable name: a letter or '_', then letters, digits or '_' (at most ${ENV_NAME_MAX_LENGTH})`,
    });
  const version = ref.version;
  const versionRule = `a string or number you change to write the variable's current value (the same version writes nothing)`;
  if (version === undefined) issues.push({ path: ["version"], message: `is required: ${versionRule}` });
  else if (typeof version === "number") {
    if (!Number.isFinite(version))
      issues.push({ path: ["version"], message: `must be a finite number or ${versionRule}` });
  } else if (typeof version !== "string")
    issues.push({
      path: ["version"],
      message: `must be ${versionRule}, not ${version === null ? "null" : typeof version}`,
    });
  else if (version === "" || version.length > VERSION_MAX_LENGTH || textProblem(version) !== undefined)
    issues.push({
      path: ["version"],
      message: `must be 1 to ${VERSION_MAX_LENGTH} characters of one-line text (${versionRule})`,
    });
  return issues;
}
