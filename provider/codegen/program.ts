/**
 * Writes a Pulumi program (TypeScript) that adopts existing connections and groups, as
 * `pulumi import --generate-code` does for native providers (which dynamic resources cannot
 * use): one `Connection` per connection, with `adoptId`, its name, tags and every non-secret
 * field as the target returns them, each secret field read as `--secrets` says (./secret-input.ts), and one
 * `ConnectionGroup` per group, its members referring to the generated connections. Every
 * resource is adopted protected, as `pulumi import` does: destroying the stack never deletes
 * what it adopted.
 *
 * Everything here comes from the target, so: every string is written with `sourceString`
 * (comments with `commentText`), every id must be a UUID (`targetId`), and every resource name,
 * variable and config key comes from a `NameRegistry` and is checked again at the end.
 */
import type { RemoteConnection, RemoteGroup } from "../../client";
import { credentialDef, integrationDef } from "pulumi-workflow-connections-rules";
import { commentText, sourceString } from "./source-text";
import { targetId } from "./target-id";
import { NameRegistry, assertAllUnique, camel, kebab, pascal } from "./unique-names";
import { SecretSource, SecretToSet, SecretsFrom, secretSource } from "./secret-input";

export type { SecretToSet } from "./secret-input";

export interface GeneratedProgram {
  program: string;
  secrets: SecretToSet[];
  /** What to do before the first preview, one line per secret to set (empty without secrets). */
  secretInstructions: string[];
}

/** Identifiers the program uses itself, and JavaScript's reserved words: never a variable's name. */
const RESERVED = [
  "pulumi config Connection ConnectionGroup",
  "break case catch class const continue debugger default delete do else enum export extends false finally for",
  "function if import in instanceof new null return super switch this throw true try typeof var void while with",
  "yield let static implements interface package private protected public await arguments eval undefined",
]
  .join(" ")
  .split(" ");

const list = (items: readonly string[]) => `[${items.join(", ")}]`;
const strings = (items: readonly unknown[]) => list(items.map((s) => sourceString(String(s))));

/** A connection for the user: its id, name and where it points, escaped. */
function describeConnection(c: RemoteConnection): string {
  const where =
    c.integration.type === "HTTP" && typeof c.integration.baseUrl === "string"
      ? `HTTP, base URL ${sourceString(c.integration.baseUrl)}`
      : sourceString(c.integration.type);
  return `connection ${c.id} ${sourceString(c.name)} (${where})`;
}

interface Emit {
  secrets: SecretToSet[];
  how: SecretSource;
}

/** One secret field: a unique key (config key or variable) from the (unique) resource name and the field. */
function secretField(emit: Emit, resource: string, fieldKey: string, what: string): string {
  const secret = { key: emit.how.claim(resource, fieldKey), what };
  emit.secrets.push(secret);
  return emit.how.input(secret);
}

function nameValues(items: unknown, value: (item: { name: string; value?: unknown }) => string): string | undefined {
  if (!Array.isArray(items) || items.length === 0) return undefined;
  return list(
    items.map(
      (item: { name: string; value?: unknown }) => `{ name: ${sourceString(item.name)}, value: ${value(item)} }`,
    ),
  );
}

function integrationSource(c: RemoteConnection, resource: string, emit: Emit): string[] {
  const spec = c.integration;
  const who = describeConnection(c);
  const lines = [`type: ${sourceString(spec.type)},`];
  if (spec.type === "HTTP") {
    lines.push(`baseUrl: ${sourceString(String(spec.baseUrl ?? ""))},`);
    // Token names of one connection may differ only in case or punctuation: each gets its own key.
    const tokenKeys = new NameRegistry();
    const tokens = nameValues(spec.tokens, (t) =>
      secretField(
        emit,
        resource,
        tokenKeys.claim(`token${pascal(String(t.name))}`, ""),
        `token ${sourceString(String(t.name))} of ${who}`,
      ),
    );
    if (tokens) lines.push(`tokens: ${tokens},`);
    for (const field of ["headers", "urlParameters"]) {
      const source = nameValues(spec[field], (e) => sourceString(String(e.value ?? "")));
      if (source) lines.push(`${field}: ${source},`);
    }
    const body = spec.body as { content?: unknown; contentType?: unknown } | undefined;
    if (body && (body.content !== undefined || body.contentType !== undefined)) {
      const parts = (["content", "contentType"] as const)
        .filter((k) => body[k] !== undefined)
        .map((k) => `${k}: ${sourceString(String(body[k]))}`);
      lines.push(`body: { ${parts.join(", ")} },`);
    }
    return lines;
  }
  const def = integrationDef(spec.type);
  const cred = def && credentialDef(def, spec.credentialType);
  if (def && def.credentials.length > 1 && spec.credentialType)
    lines.push(`credentialType: ${sourceString(String(spec.credentialType))},`);
  // Field names come from the catalog (identifiers), not from the target.
  for (const [field, f] of Object.entries(cred?.fields ?? {})) {
    if (f.secret) lines.push(`${field}: ${secretField(emit, resource, field, `${field} of ${who}`)},`);
    else if (spec[field] !== undefined && spec[field] !== "")
      lines.push(`${field}: ${sourceString(String(spec[field]))},`);
  }
  return lines;
}

const PROTECTED = "{ protect: true }";

export function generateProgram(
  connections: readonly RemoteConnection[],
  source: string,
  groups: readonly RemoteGroup[] = [],
  from: SecretsFrom = "config",
): GeneratedProgram {
  const emit: Emit = { secrets: [], how: secretSource(from) };
  for (const c of connections) targetId(`connection ${sourceString(c.name)}`, c.id);
  for (const g of groups) {
    targetId(`connection group ${sourceString(g.name)}`, g.id);
    for (const m of g.members) targetId(`a member of connection group ${sourceString(g.name)} (${g.id})`, m);
  }

  const connectionNames = new NameRegistry();
  const resources = connections.map((c) => connectionNames.claim(kebab(c.name) || "connection"));
  // A variable for each connection a group refers to.
  const referenced = new Set(groups.flatMap((g) => g.members));
  const variables = new NameRegistry().reserve(...RESERVED);
  const variableOf = new Map<string, string>();
  connections.forEach((c, i) => {
    if (referenced.has(c.id)) variableOf.set(c.id, variables.claim(camel(resources[i]) || "connection", "_"));
  });

  const connectionBlocks = connections.map((c, i) => {
    const integration = integrationSource(c, resources[i], emit).map((l) => `    ${l}`);
    const variable = variableOf.get(c.id);
    return [
      `${variable ? `const ${variable} = ` : ""}new Connection(${sourceString(resources[i])}, {`,
      `  adoptId: ${sourceString(c.id)},`,
      `  name: ${sourceString(c.name)},`,
      `  tags: ${strings(c.tags)},`,
      "  integration: {",
      ...integration,
      "  },",
      `}, ${PROTECTED});`,
    ].join("\n");
  });

  const groupNames = new NameRegistry();
  const groupResources = groups.map((g) => groupNames.claim(kebab(g.name) || "group"));
  const groupBlocks = groups.map((g, i) =>
    [
      `new ConnectionGroup(${sourceString(groupResources[i])}, {`,
      `  adoptId: ${sourceString(g.id)},`,
      `  name: ${sourceString(g.name)},`,
      ...(g.description !== undefined && g.description !== ""
        ? [`  description: ${sourceString(g.description)},`]
        : []),
      `  integration: ${sourceString(g.integration)},`,
      `  identifierTags: ${strings(g.identifierTags)},`,
      `  members: ${list(g.members.map((m) => variableOf.get(m) ?? sourceString(m)))},`,
      `}, ${PROTECTED});`,
    ].join("\n"),
  );

  assertAllUnique("Connection resource name", resources);
  assertAllUnique("ConnectionGroup resource name", groupResources);
  assertAllUnique("variable", [...variableOf.values()]);
  assertAllUnique(
    emit.how.keyKind,
    emit.secrets.map((s) => s.key),
  );

  const { secrets } = emit;
  const header = [
    `Generated by \`pulumi-workflow-connections generate\` from ${sourceString(source)}.`,
    "Each resource is adopted by id: the first `pulumi up` takes it over, and from then on Pulumi",
    "manages it. Access (restriction policies) is left undeclared here, so Pulumi leaves it as it is.",
    "Each is protected (`protect: true`), as `pulumi import` does: `pulumi destroy` refuses to delete",
    "it. To release one: remove its `protect: true` and run `pulumi up` (or run",
    "`pulumi state unprotect '<urn>'`; `pulumi stack --show-urns` lists the URNs); then `pulumi destroy`",
    "deletes it, and `pulumi state delete '<urn>'` instead stops managing it and leaves it where it is.",
    "Text from the target is written as escaped string literals; an id that is not a UUID is refused.",
    ...(secrets.length ? emit.how.instructions(secrets) : []),
  ].map((line) => `// ${commentText(line)}`);
  const imports = [
    ...(secrets.length ? emit.how.imports : []),
    `import { ${groups.length ? "Connection, ConnectionGroup" : "Connection"} } from "pulumi-workflow-connections";`,
  ];
  const program = [
    ...header,
    ...imports,
    "",
    ...(secrets.length && emit.how.preamble.length ? [...emit.how.preamble, ""] : []),
    [...connectionBlocks, ...groupBlocks].join("\n\n"),
    "",
  ].join("\n");
  return { program, secrets, secretInstructions: secrets.length ? emit.how.instructions(secrets) : [] };
}
