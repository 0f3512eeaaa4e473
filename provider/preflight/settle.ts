/**
 * A program's inputs as the rules see them: Outputs and promises waited for, and whatever is
 * unknown (during preview, a value that depends on a resource not created yet) replaced by
 * Pulumi's unknown sentinel, which the rules skip, exactly as the provider's `check` sees it.
 * Unknown parts stay local: one unknown token value leaves the rest of its integration checkable.
 * Which parts were secret Outputs is recorded on the way (`SecretParts`), so no message quotes them.
 */
import * as pulumi from "@pulumi/pulumi";
import { stringLeaves, UNKNOWN } from "pulumi-workflow-connections-rules";

/**
 * The SDK's Output keeps whether its value is known, and the value with unknowns inside, in
 * two members it does not type publicly (used by its own serializer); `apply` would skip an
 * unknown value instead of telling us so.
 */
interface OutputInternals {
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<unknown>;
}

const isPromiseLike = (v: unknown): v is PromiseLike<unknown> =>
  v !== null &&
  (typeof v === "object" || typeof v === "function") &&
  typeof (v as { then?: unknown }).then === "function";

/** The secret parts of settled inputs: where they are (for the provider's check) and their values. */
export class SecretParts {
  readonly paths: (string | number)[][] = [];
  readonly values: string[] = [];
}

export async function settle(
  value: unknown,
  secrets: SecretParts = new SecretParts(),
  path: (string | number)[] = [],
): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as unknown as OutputInternals;
    const secret = await output.isSecret;
    if (secret) secrets.paths.push(path);
    if (!(await output.isKnown)) return UNKNOWN;
    const settled = await settle(await output.promise(true), secrets, path);
    if (secret) stringLeaves(settled, secrets.values);
    return settled;
  }
  if (isPromiseLike(value)) return settle(await value, secrets, path);
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) return Promise.all(value.map((v, i) => settle(v, secrets, [...path, i])));
  if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await settle(v, secrets, [...path, k])] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}
