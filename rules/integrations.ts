/**
 * What a valid integration is, in the shape programs write it: camelCase, credentials flattened
 * into the integration (`{ type: "AWS", accountId, role }`), `credentialType` only needed where
 * an integration has more than one (Cloudflare). The wire shape is mapped in wire.ts.
 */
import { z } from "zod";
import { CredentialDef, credentialDef, integrationDef, INTEGRATION_TYPES } from "./catalog";
import { RuleIssue, quote } from "./issue";
import { PREVIEW, RuleMode, STRICT, skipsUnknown } from "./mode";
import { isObj } from "./json";
import { secretReferenceIssues } from "./secret-reference";
import { TextKind, textProblem, textSchema } from "./text";
import { hasUserInfo, USER_INFO_RULE } from "./url";
import { zodIssues } from "./zod-issues";

export { INTEGRATION_TYPES } from "./catalog";

/** An integration as a program declares it; fields depend on `type`. */
export interface IntegrationSpec {
  type: string;
  credentialType?: string;
  [field: string]: unknown;
}

export interface HttpNameValue {
  name: string;
  value: string;
}
export interface HttpIntegrationSpec extends IntegrationSpec {
  type: "HTTP";
  baseUrl: string;
  tokens?: HttpNameValue[];
  headers?: HttpNameValue[];
  urlParameters?: HttpNameValue[];
  body?: { content?: string; contentType?: string };
}

export const TOKEN_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
export const HEADER_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
export const AWS_ACCOUNT_ID = /^\d{12}$/;
/** IAM role names: 1-64 of letters, digits and `+=,.@_-`. */
export const AWS_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
export const HTTP_TOKEN_TYPE = "SECRET";

/** A string checked by `test`; the message quotes the value (these fields are never secret). */
function matching(test: (s: string) => boolean, rule: string) {
  return z.string().superRefine((value, ctx) => {
    if (test(value)) return;
    ctx.addIssue({ code: "custom", message: `${quote(value)}: ${rule}` });
  });
}

/**
 * A URL or host: user information is refused first, and then the value is never quoted (it may
 * hold a password); `test` judges the rest.
 */
function urlField(test: (s: string) => boolean, rule: string) {
  return z.string().superRefine((value, ctx) => {
    if (hasUserInfo(value)) ctx.addIssue({ code: "custom", message: USER_INFO_RULE });
    else if (!test(value)) ctx.addIssue({ code: "custom", message: `${quote(value)}: ${rule}` });
  });
}

/** A host field (Okta's domain...): its own rules, and no user information. */
function withoutUserInfo(schema: z.ZodType): z.ZodType {
  return schema.superRefine((value, ctx) => {
    if (typeof value === "string" && hasUserInfo(value)) ctx.addIssue({ code: "custom", message: USER_INFO_RULE });
  });
}

/** Text of the kind, not empty. */
const nonEmpty = (kind: TextKind = "line") => textSchema(kind).min(1);

function isHttpUrl(value: string): boolean {
  // The URL parser drops tabs and newlines and trims spaces: judge the exact string stored.
  if (/\s/u.test(value) || textProblem(value) !== undefined) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** Entries of a name/value list must not repeat a name. */
function uniqueNames<T extends { name: unknown }>(schema: z.ZodType<T>) {
  return z.array(schema).superRefine((entries, ctx) => {
    const seen = new Set<unknown>();
    entries.forEach((entry, i) => {
      if (entry === null || typeof entry !== "object") return;
      if (seen.has(entry.name))
        ctx.addIssue({
          code: "custom",
          path: [i, "name"],
          message: `${quote(entry.name)} is used twice; names must be unique`,
        });
      seen.add(entry.name);
    });
  });
}

/**
 * A secret field: its text, or, in a program's inputs (`references`: PREVIEW mode only), a
 * reference `{ fromEnv, version }` to the environment variable the provider reads when it writes
 * the secret (secret-reference.ts). The backend is strict: a reference there is "not a string".
 */
function secretSchema(value: z.ZodType, references: boolean): z.ZodType {
  if (!references) return value;
  return z.unknown().superRefine((v, ctx) => {
    const issues = isObj(v) ? secretReferenceIssues(v) : zodIssues(value, v, STRICT);
    for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
}

function httpSchema(references: boolean) {
  const tokenName = matching((s) => TOKEN_NAME.test(s), "must start with a letter and contain only letters and digits");
  const headerName = matching(
    (s) => HEADER_NAME.test(s),
    "must start with a letter and contain only letters, digits, '-' and '_'",
  );
  return z.strictObject({
    type: z.literal("HTTP"),
    credentialType: z.literal("HTTPTokenAuth").optional(),
    baseUrl: urlField(isHttpUrl, "must be an absolute http(s) URL, e.g. https://api.example.com"),
    tokens: uniqueNames(
      z.strictObject({
        name: tokenName,
        value: secretSchema(nonEmpty(), references),
        type: z.literal(HTTP_TOKEN_TYPE).optional(),
      }),
    ).optional(),
    headers: uniqueNames(z.strictObject({ name: headerName, value: textSchema() })).optional(),
    urlParameters: uniqueNames(z.strictObject({ name: tokenName, value: textSchema() })).optional(),
    body: z
      .strictObject({ content: textSchema("multiline").optional(), contentType: textSchema().optional() })
      .optional(),
  });
}

function credentialSchema(type: string, cred: CredentialDef, references: boolean) {
  const shape: Record<string, z.ZodType> = {
    type: z.literal(type),
    credentialType: z.literal(cred.type).optional(),
  };
  for (const [name, field] of Object.entries(cred.fields)) {
    const value = field.url
      ? withoutUserInfo(fieldSchema(type, name, field.secret))
      : field.secret
        ? secretSchema(fieldSchema(type, name, true), references)
        : fieldSchema(type, name, false);
    shape[name] = field.required ? value : value.optional();
  }
  return z.strictObject(shape);
}

/** Secrets may span lines (a PEM private key); every other credential field is one line. */
function fieldSchema(integration: string, field: string, secret: boolean): z.ZodType {
  if (integration === "AWS" && field === "accountId")
    return matching((s) => AWS_ACCOUNT_ID.test(s), "must be exactly 12 digits");
  if (integration === "AWS" && field === "role")
    return matching((s) => AWS_ROLE_NAME.test(s), "must be an IAM role name: 1 to 64 letters, digits or +=,.@_-");
  return nonEmpty(secret ? "multiline" : "line");
}

let schemas: Map<string, z.ZodType> | undefined;
/** Built once, on first use, keyed by "Integration/CredentialType" and whether references are allowed. */
function schemaFor(type: string, cred: CredentialDef, mode: RuleMode): z.ZodType {
  schemas ??= new Map();
  const references = mode === PREVIEW;
  const key = `${type}/${cred.type}${references ? "/references" : ""}`;
  let schema = schemas.get(key);
  if (!schema) {
    schema = type === "HTTP" ? httpSchema(references) : credentialSchema(type, cred, references);
    schemas.set(key, schema);
  }
  return schema;
}

/** Issues of one integration; paths start at the integration (prefix them yourself). */
export function integrationIssues(integration: unknown, mode: RuleMode = STRICT): RuleIssue[] {
  if (skipsUnknown(mode, integration)) return [];
  if (integration === null || typeof integration !== "object" || Array.isArray(integration)) {
    return [{ path: [], message: "must be an object with a `type` and that integration's credential fields" }];
  }
  const spec = integration as Record<string, unknown>;
  if (skipsUnknown(mode, spec.type)) return [];
  const def = typeof spec.type === "string" ? integrationDef(spec.type) : undefined;
  if (!def) {
    const why = spec.type === undefined ? "is required" : `${quote(spec.type)} is not a supported integration`;
    return [{ path: ["type"], message: `${why}; expected one of ${INTEGRATION_TYPES.join(", ")}` }];
  }
  if (skipsUnknown(mode, spec.credentialType)) return [];
  const cred = credentialDef(def, spec.credentialType);
  if (!cred) {
    return [
      {
        path: ["credentialType"],
        message: `${quote(spec.credentialType)} is not a credential type of ${def.type}; expected one of ${def.credentials.map((c) => c.type).join(", ")}`,
      },
    ];
  }
  return zodIssues(schemaFor(def.type, cred, mode), spec, mode);
}

/**
 * One way of writing an integration: the credential type spelled out, and HTTP tokens without
 * their only possible `type` ("SECRET"), so two ways of writing the same thing compare equal.
 */
export function normalizeIntegration(spec: IntegrationSpec): IntegrationSpec {
  const def = integrationDef(spec?.type);
  const cred = def && credentialDef(def, spec.credentialType);
  if (!cred) return spec;
  const out: IntegrationSpec = { ...spec, credentialType: cred.type };
  if (Array.isArray(spec.tokens)) {
    out.tokens = spec.tokens.map((t: Record<string, unknown>) => {
      if (t === null || typeof t !== "object" || t.type !== HTTP_TOKEN_TYPE) return t;
      const { type: _secret, ...rest } = t;
      return rest;
    });
  }
  return out;
}

/**
 * Paths (from the integration) of every secret value in `spec`: the catalog's secret fields,
 * and every HTTP token value.
 */
export function secretPaths(spec: IntegrationSpec): (string | number)[][] {
  if (spec.type === "HTTP") {
    const tokens = Array.isArray(spec.tokens) ? spec.tokens : [];
    return tokens.map((_, i) => ["tokens", i, "value"]);
  }
  const def = integrationDef(spec.type);
  const cred = def && credentialDef(def, spec.credentialType);
  if (!cred) return [];
  return Object.entries(cred.fields)
    .filter(([, f]) => f.secret)
    .map(([name]) => [name]);
}

/** The fields a program may leave out of an integration of this type (not `type`/`credentialType`), from its schema. */
export function optionalFields(type: string, credentialType?: unknown): string[] {
  const def = integrationDef(type);
  const cred = def && credentialDef(def, credentialType);
  if (!cred) return [];
  const shape = (schemaFor(def.type, cred, STRICT) as z.ZodObject).shape as Record<string, z.ZodType>;
  return Object.keys(shape).filter(
    (k) => k !== "type" && k !== "credentialType" && shape[k].safeParse(undefined).success,
  );
}

/** Nothing a connection would use: absent, null, "", [], or an object of such values. */
function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.values(value).every(isEmptyValue);
  return false;
}

/** `read`'s empty entries shaped as in `declared` (absent when it leaves them out, else its own empty value). */
function emptiesAsDeclared(read: Record<string, unknown>, declared: Record<string, unknown>, keys: readonly string[]) {
  const out = { ...read };
  for (const key of keys) {
    const mine = declared[key];
    const theirs = out[key];
    if (!isEmptyValue(theirs)) {
      // A declared object (HTTP body) with empty parts: the same, one level down.
      if (isPlainObject(theirs) && isPlainObject(mine)) out[key] = emptiesAsDeclared(theirs, mine, Object.keys(theirs));
      continue;
    }
    if (mine === undefined) delete out[key];
    else if (isEmptyValue(mine)) out[key] = mine;
  }
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * An integration read from the API, with its empty optional values written as the program
 * declares them (`declared`; none for a lookup): an API may keep `url_parameters: []` or an
 * empty field after the values were removed, and the program then says nothing of them. Left
 * as read, every refresh would show `+ urlParameters: []` and every `up --refresh` rewrite the
 * connection. An optional value that is not empty is kept as read (that is real drift).
 */
export function withEmptyOptionalsAsDeclared(read: IntegrationSpec, declared?: IntegrationSpec): IntegrationSpec {
  const keys = optionalFields(read.type, read.credentialType);
  return emptiesAsDeclared(read, isPlainObject(declared) ? declared : {}, keys) as IntegrationSpec;
}
