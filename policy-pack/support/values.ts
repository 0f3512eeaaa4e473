/**
 * Reading a resource's properties the way the rules need them. @pulumi/policy hands policies a
 * proxy that throws when a policy reads a value unknown at preview, and turns that throw into
 * an advisory "can't run policy ... during preview" note: a mandatory policy would then pass
 * silently at preview. Instead the pack reads the plain values underneath, where unknown
 * values are Pulumi's sentinel strings (the same ones `rules/unknown.ts` lists), and runs the
 * rules in PREVIEW mode, which skips exactly those values and judges every known one. At `up`
 * the engine resolves every input before it asks the pack, so the same rules run on real values
 * before the resource is written.
 */

/** The key under which @pulumi/policy's proxy returns the object it wraps (proxy.js). */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** The plain value behind @pulumi/policy's unknown-checking proxy (deeply: nested values too). */
export function plain<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  const target = (value as Record<string, unknown>)[PROXY_TARGET];
  return (target ?? value) as T;
}

export type Props = Record<string, unknown>;

/** A resource's properties as a plain object, without the dynamic provider's serialized code. */
export function plainProps(props: unknown): Props {
  const raw = plain(props);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return {};
  const { __provider: _code, ...rest } = raw as Props;
  return rest;
}

export function isPlainObject(value: unknown): value is Props {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Drop null and undefined fields (a program in another language may send null for "not set"). */
export function withoutNulls(value: Props): Props {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}
