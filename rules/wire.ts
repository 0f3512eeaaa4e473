/**
 * The one mapping between a program's integration shape (camelCase, credentials flattened) and
 * Datadog's wire shape (`{ type, base_url?, credentials: { type, snake_case... } }`), used by
 * the client to speak the API and by the backend to read it. The PATCH rules are wire-patch.ts.
 */
import { CredentialDef, credentialDef, integrationDef } from "./catalog";
import { HTTP_TOKEN_TYPE, IntegrationSpec } from "./integrations";
import { RuleIssue, quote } from "./issue";
import { isObj, JsonObject } from "./json";

export interface WireCredentials {
  type: string;
  [field: string]: unknown;
}
export interface WireIntegration {
  type: string;
  base_url?: string;
  credentials: WireCredentials;
}

/** HTTP credential lists: program name -> wire name. */
export const HTTP_LISTS = { tokens: "tokens", headers: "headers", urlParameters: "url_parameters" } as const;
type HttpList = keyof typeof HTTP_LISTS;
const HTTP_BODY = { content: "content", contentType: "content_type" } as const;
/** Fields the server computes (AWS); never sent, returned by reads. */
export const COMPUTED_WIRE_FIELDS = { external_id: "externalId", principal_id: "principalId" } as const;

type Obj = JsonObject;

function httpCredentials(spec: IntegrationSpec): WireCredentials {
  const creds: WireCredentials = { type: "HTTPTokenAuth" };
  for (const [camel, wire] of Object.entries(HTTP_LISTS)) {
    const list = spec[camel];
    if (!Array.isArray(list)) continue;
    creds[wire] = list.map((e: Obj) =>
      camel === "tokens" ? { name: e.name, type: HTTP_TOKEN_TYPE, value: e.value } : { name: e.name, value: e.value },
    );
  }
  if (isObj(spec.body)) {
    const body: Obj = {};
    for (const [camel, wire] of Object.entries(HTTP_BODY))
      if (spec.body[camel] !== undefined) body[wire] = spec.body[camel];
    creds.body = body;
  }
  return creds;
}

/** A valid program integration -> the wire. */
export function integrationToWire(spec: IntegrationSpec): WireIntegration {
  if (spec.type === "HTTP")
    return { type: "HTTP", base_url: spec.baseUrl as string, credentials: httpCredentials(spec) };
  const def = integrationDef(spec.type);
  const cred = def && credentialDef(def, spec.credentialType);
  if (!cred) throw new Error(`unsupported integration ${quote(spec.type)}`);
  const credentials: WireCredentials = { type: cred.type };
  for (const [camel, field] of Object.entries(cred.fields))
    if (spec[camel] !== undefined) credentials[field.wire] = spec[camel];
  return { type: spec.type, credentials };
}

export interface FromWire {
  spec?: IntegrationSpec;
  /** Server-computed values (AWS externalId, principalId). */
  computed: Record<string, string>;
  /** Only in strict mode: unknown types and fields, with wire paths from the integration. */
  issues: RuleIssue[];
}

/**
 * The wire -> a program integration. `strict` (the backend reading a request) reports unknown
 * integration/credential types and unknown fields; otherwise (a client reading a response)
 * anything unrecognised is ignored, as Datadog adds fields over time.
 */
export function integrationFromWire(wire: unknown, strict: boolean): FromWire {
  const issues: RuleIssue[] = [];
  const computed: Record<string, string> = {};
  if (!isObj(wire))
    return { computed, issues: [{ path: [], message: "must be an object with `type` and `credentials`" }] };
  const def = typeof wire.type === "string" ? integrationDef(wire.type) : undefined;
  if (!def) {
    return {
      computed,
      issues: [
        {
          path: ["type"],
          message: `${wire.type === undefined ? "is required" : `${quote(wire.type)} is not a supported integration`}`,
        },
      ],
    };
  }
  const extra = (path: (string | number)[], keys: string[]) => {
    if (strict && keys.length)
      issues.push({
        path,
        message: `has unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => quote(k)).join(", ")}`,
      });
  };
  extra(
    [],
    Object.keys(wire).filter((k) => !["type", "credentials", ...(def.type === "HTTP" ? ["base_url"] : [])].includes(k)),
  );

  const creds = wire.credentials;
  if (!isObj(creds))
    return {
      computed,
      issues: [
        ...issues,
        { path: ["credentials"], message: creds === undefined ? "is required" : "must be an object" },
      ],
    };
  const cred = def.credentials.find((c) => c.type === creds.type);
  if (!cred) {
    const why =
      creds.type === undefined ? "is required" : `${quote(creds.type)} is not a credential type of ${def.type}`;
    return {
      computed,
      issues: [
        ...issues,
        {
          path: ["credentials", "type"],
          message: `${why}; expected one of ${def.credentials.map((c) => c.type).join(", ")}`,
        },
      ],
    };
  }

  const spec: IntegrationSpec = { type: def.type };
  if (def.credentials.length > 1) spec.credentialType = cred.type;
  if (def.type === "HTTP") {
    if (wire.base_url !== undefined) spec.baseUrl = wire.base_url;
    readHttpCredentials(creds, spec, strict, extra, issues);
  } else {
    const known = new Set(["type", ...Object.values(cred.fields).map((f) => f.wire)]);
    for (const [camel, field] of Object.entries(cred.fields))
      if (creds[field.wire] !== undefined) spec[camel] = creds[field.wire];
    for (const [wireName, camel] of Object.entries(COMPUTED_WIRE_FIELDS)) {
      if (def.type !== "AWS") break;
      if (typeof creds[wireName] === "string") computed[camel] = creds[wireName] as string;
      if (!strict) known.add(wireName);
    }
    extra(
      ["credentials"],
      Object.keys(creds).filter((k) => !known.has(k)),
    );
  }
  return { spec, computed, issues };
}

function readHttpCredentials(
  creds: Obj,
  spec: IntegrationSpec,
  strict: boolean,
  extra: (p: (string | number)[], k: string[]) => void,
  issues: RuleIssue[],
) {
  extra(
    ["credentials"],
    Object.keys(creds).filter((k) => !["type", "body", ...Object.values(HTTP_LISTS)].includes(k)),
  );
  for (const [camel, wireName] of Object.entries(HTTP_LISTS) as [HttpList, string][]) {
    const list = creds[wireName];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      spec[camel] = list; // the rules report the wrong type
      continue;
    }
    spec[camel] = list.map((entry, i) => {
      if (!isObj(entry)) return entry;
      const allowed = camel === "tokens" ? ["name", "value", "type"] : ["name", "value"];
      extra(
        ["credentials", wireName, i],
        Object.keys(entry).filter((k) => !allowed.includes(k) && k !== "deleted"),
      );
      if (strict && "deleted" in entry)
        issues.push({
          path: ["credentials", wireName, i, "deleted"],
          message: "must be true or false (and is only allowed in an update)",
        });
      const out: Obj = { name: entry.name };
      if (entry.value !== undefined) out.value = entry.value;
      if (camel === "tokens" && strict && entry.type !== undefined && entry.type !== HTTP_TOKEN_TYPE)
        out.type = entry.type; // the rules report it
      return out;
    });
  }
  if (creds.body !== undefined) {
    if (!isObj(creds.body)) spec.body = creds.body;
    else {
      extra(
        ["credentials", "body"],
        Object.keys(creds.body).filter((k) => !Object.values(HTTP_BODY).includes(k as never)),
      );
      const body: Obj = {};
      for (const [camel, wireName] of Object.entries(HTTP_BODY))
        if (creds.body[wireName] !== undefined) body[camel] = creds.body[wireName];
      spec.body = body;
    }
  }
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A path in a program integration -> the same place on the wire (for error pointers). */
export function wirePath(spec: IntegrationSpec, path: readonly (string | number)[]): (string | number)[] {
  const [head, ...rest] = path;
  if (head === undefined || head === "type") return [...path];
  if (head === "credentialType") return ["credentials", "type"];
  if (spec.type === "HTTP") {
    if (head === "baseUrl") return ["base_url", ...rest];
    return ["credentials", snake(String(head)), ...rest.map((p) => (typeof p === "string" ? snake(p) : p))];
  }
  const def = integrationDef(spec.type);
  const cred: CredentialDef | undefined = def && credentialDef(def, spec.credentialType);
  const field = cred?.fields[String(head)];
  return ["credentials", field ? field.wire : snake(String(head)), ...rest];
}
