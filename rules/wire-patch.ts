/**
 * PATCH on the wire, both sides: only changed attributes are sent (the client's
 * `integrationPatch`), a removed HTTP token/header/parameter is sent with `deleted: true`, and the
 * backend merges what it receives into what it stores (`mergeIntegrationPatch`).
 */
import { credentialDef, integrationDef } from "./catalog";
import { HTTP_TOKEN_TYPE, IntegrationSpec, optionalFields } from "./integrations";
import { isObj, JsonObject } from "./json";
import { HTTP_LISTS, WireIntegration, integrationToWire } from "./wire";

type Obj = JsonObject;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The credential type, whether spelled out or the integration's default. */
function credentialTypeOf(spec: IntegrationSpec): string | undefined {
  const def = integrationDef(spec.type);
  return def && credentialDef(def, spec.credentialType)?.type;
}

/** The wire name of an optional field removed as a whole (HTTP lists are removed entry by entry). */
function optionalWireName(spec: IntegrationSpec, field: string): string | undefined {
  if (spec.type === "HTTP") return field === "body" ? "body" : undefined;
  const def = integrationDef(spec.type);
  return (def && credentialDef(def, spec.credentialType))?.fields[field]?.wire;
}

/**
 * The PATCH body's `integration` to go from `old` to `next`, or undefined when nothing changed.
 * Another integration type: the whole new integration. Same type: every credential field (the
 * API keeps what a PATCH omits, so sending all is safe and simple), and for HTTP lists the
 * removed entries with `deleted: true`.
 */
export function integrationPatch(old: IntegrationSpec, next: IntegrationSpec): Obj | undefined {
  if (same(old, next)) return undefined;
  const wire = integrationToWire(next) as unknown as Obj;
  if (old.type !== next.type || credentialTypeOf(old) !== credentialTypeOf(next)) return wire;
  const creds = wire.credentials as Obj;
  // An optional field the program no longer declares: `null` removes it (the API keeps what a PATCH omits).
  for (const field of optionalFields(old.type, old.credentialType)) {
    const wireName = optionalWireName(old, field);
    if (wireName && old[field] !== undefined && next[field] === undefined) creds[wireName] = null;
  }
  if (old.type !== "HTTP") return wire;
  for (const [camel, wireName] of Object.entries(HTTP_LISTS)) {
    const before = (Array.isArray(old[camel]) ? old[camel] : []) as Obj[];
    const after = (Array.isArray(next[camel]) ? next[camel] : []) as Obj[];
    const removed = before.filter((b) => !after.some((a) => a.name === b.name));
    if (!removed.length) continue;
    const deleted = removed.map((r) =>
      camel === "tokens"
        ? { name: r.name, type: HTTP_TOKEN_TYPE, value: "", deleted: true }
        : { name: r.name, deleted: true },
    );
    creds[wireName] = [...((creds[wireName] as Obj[]) ?? []), ...deleted];
  }
  return wire;
}

/**
 * The backend's side of PATCH: `patch` merged into the stored wire integration. A different
 * `type` replaces the integration whole; the same type merges credential fields, HTTP lists by
 * name (`deleted: true` removes), and keeps whatever the patch leaves out.
 */
export function mergeIntegrationPatch(stored: WireIntegration, patch: unknown): unknown {
  if (!isObj(patch) || patch.type !== stored.type) return patch;
  const merged: Obj = { ...stored, ...patch, credentials: { ...stored.credentials } };
  if (patch.credentials === undefined) return merged;
  if (!isObj(patch.credentials)) return { ...merged, credentials: patch.credentials };
  // Another credential type (e.g. Cloudflare's two) shares no fields with the stored one.
  if (patch.credentials.type !== undefined && patch.credentials.type !== stored.credentials.type)
    return { ...merged, credentials: patch.credentials };
  const creds = merged.credentials as Obj;
  for (const [key, value] of Object.entries(patch.credentials)) {
    if (value === null) {
      delete creds[key]; // a removed optional field
    } else if (stored.type === "HTTP" && Object.values(HTTP_LISTS).includes(key as never) && Array.isArray(value)) {
      creds[key] = mergeNamedList(Array.isArray(creds[key]) ? (creds[key] as Obj[]) : [], value);
    } else {
      creds[key] = value;
    }
  }
  return merged;
}

function mergeNamedList(current: Obj[], changes: unknown[]): unknown[] {
  const out: unknown[] = [...current];
  for (const change of changes) {
    if (!isObj(change)) {
      out.push(change); // the rules report it
      continue;
    }
    const at = out.findIndex((e) => isObj(e) && e.name === change.name);
    if (change.deleted === true) {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    // A `deleted` that is not a boolean stays in the entry, and reading it reports the mistake.
    const { deleted, ...rest } = change;
    const entry = deleted === false || deleted === undefined ? rest : change;
    const merged = at >= 0 ? { ...(out[at] as Obj), ...entry } : entry;
    if (at >= 0) out[at] = merged;
    else out.push(merged);
  }
  return out;
}
