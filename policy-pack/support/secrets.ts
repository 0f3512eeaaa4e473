/**
 * No violation quotes a value the program marked secret. @pulumi/policy hands a policy the
 * properties with secrets already unwrapped (`deserializeProperties(props, false)` in its
 * server), so a policy cannot tell `pulumi.secret("x")` from `"x"`; the engine does send the
 * secret markers. So the pack wraps that one function to note every value under a marker before
 * it is unwrapped, and each policy runs with the values noted so far as the rules' secret scope
 * (`withSecretValues`: `quote` says `[secret]`), its violations swept once more before they are
 * reported. If @pulumi/policy no longer has that function, the pack refuses to start rather
 * than print secrets (tests/e2e/policy-pack covers the pinned version through the real CLI).
 */
import type {
  Policy,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { hideSecretValues, stringLeaves, withSecretValues } from "pulumi-workflow-connections-rules";

const SIG_KEY = "4dabf18193072939515e22adb298388d"; // @pulumi/pulumi runtime/rpc specialSigKey
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"; // specialSecretSig

/** Every value the engine has sent as secret so far, in any resource of the stack. */
const seen = new Set<string>();

function collect(value: unknown): void {
  if (Array.isArray(value)) value.forEach((x) => collect(x));
  else if (value !== null && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (v[SIG_KEY] !== SECRET_SIG) Object.values(v).forEach((x) => collect(x));
    else for (const s of stringLeaves(v.value)) if (s !== "") seen.add(s);
  }
}

let installed = false;

/** Wraps @pulumi/policy's property deserialization to note secret values (once per process). */
export function noteSecretsBeforeUnwrapping(): void {
  if (installed) return;
  const deserialize = require("@pulumi/policy/deserialize") as {
    deserializeProperties?: (struct: { toJavaScript(): unknown }, proxySecrets: boolean) => unknown;
  };
  const original = deserialize.deserializeProperties;
  if (typeof original !== "function")
    throw new Error(
      "this @pulumi/policy has no deserializeProperties: the pack could not tell secret values from others, so it does not run",
    );
  deserialize.deserializeProperties = (struct, proxySecrets) => {
    collect(struct.toJavaScript());
    return original(struct, proxySecrets);
  };
  installed = true;
}

/** The values seen as secret so far (for tests and the policies' scope). */
export function secretValuesSeen(): string[] {
  return [...seen];
}

/** A validation run in the secret scope of the values seen so far, its violations swept once more. */
function hiding<A>(validate: (args: A, report: ReportViolation) => Promise<void> | void) {
  return (args: A, report: ReportViolation) =>
    withSecretValues(secretValuesSeen(), () =>
      validate(args, (message, urn) => report(hideSecretValues(message, secretValuesSeen()), urn)),
    );
}

/** `policy` with every violation free of secret values. */
export function hidingSecrets<P extends Policy>(policy: P): P {
  const r = policy as P & Partial<ResourceValidationPolicy>;
  if (typeof r.validateResource === "function")
    return { ...policy, validateResource: hiding<ResourceValidationArgs>(r.validateResource) };
  const s = policy as P & Partial<StackValidationPolicy>;
  if (typeof s.validateStack === "function")
    return { ...policy, validateStack: hiding<StackValidationArgs>(s.validateStack) };
  throw new Error(`policy ${policy.name}: every policy of the pack is one validation function`);
}
