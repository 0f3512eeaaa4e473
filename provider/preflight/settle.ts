/**
 * A program's inputs as the rules see them: Outputs and promises waited for, and whatever is
 * unknown (during preview, a value that depends on a resource not created yet) replaced by
 * Pulumi's unknown sentinel, which the rules skip, exactly as the provider's `check` sees it.
 * Unknown parts stay local: one unknown token value leaves the rest of its integration checkable.
 */
import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "pulumi-workflow-connections-rules";

/**
 * The SDK's Output keeps whether its value is known, and the value with unknowns inside, in
 * two members it does not type publicly (used by its own serializer); `apply` would skip an
 * unknown value instead of telling us so.
 */
interface OutputInternals {
  isKnown: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<unknown>;
}

const isPromiseLike = (v: unknown): v is PromiseLike<unknown> =>
  v !== null &&
  (typeof v === "object" || typeof v === "function") &&
  typeof (v as { then?: unknown }).then === "function";

export async function settle(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as unknown as OutputInternals;
    if (!(await output.isKnown)) return UNKNOWN;
    return settle(await output.promise(true));
  }
  if (isPromiseLike(value)) return settle(await value);
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) return Promise.all(value.map(settle));
  if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await settle(v)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}
