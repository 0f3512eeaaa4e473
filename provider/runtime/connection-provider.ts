/**
 * The Connection resource's provider: check (the rules, at preview), diff (no perpetual diffs
 * from write-only secrets: compare against prior inputs, never the backend's empty values), and
 * create/read/update/delete through the client.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RemoteConnection } from "../../client";
import {
  AccessSpec,
  IntegrationSpec,
  isUnknown,
  normalizeIntegration,
  secretPaths,
  withEmptyOptionalsAsDeclared,
} from "pulumi-workflow-connections-rules";
import { connectionInputIssues } from "../checks/connection";
import {
  AccessState,
  accessChanged,
  accessCheckIssues,
  readAccess,
  updateAccess,
  withAccess,
  writeAccess,
} from "./access-control";
import { createConnectionWithAccess } from "./access-control";
import { ifMatchFrom, withEtag } from "./etag";
import { explain, unlessGone } from "./explain";
import { sameTags, sameValue, toFailures, withoutProvider } from "./inputs";
import { nextSecretRevisions, SecretRevisions } from "./secret-revisions";
import { getClient } from "./settings";
import { lookupKeysProblem, lookupMissing, withEmptySecrets } from "./lookup";
import { adoptionIssues } from "./adoption-check";
import { patchSides, readAllReferences, referencesToRead, unreadableReferenceIssues } from "./secret-references";
import type { PreflightNote } from "./targets";

export interface ConnectionInputs {
  name: string;
  integration: IntegrationSpec;
  tags?: string[];
  adoptId?: string;
  /** With adoptId: which live fields the adoption may drop (true: all it would). See adoption-check.ts. */
  adoptDropsMissing?: boolean | string[];
  /** Who may view, resolve and edit it (Datadog restriction policy); undeclared: left untouched. */
  access?: AccessSpec;
  /** Set by check (see secret-revisions.ts), never by the program. */
  secretRevisions?: SecretRevisions;
}

export interface ConnectionOutputs extends Omit<ConnectionInputs, "access"> {
  access?: AccessState;
  integrationType: string;
  externalId?: string;
  principalId?: string;
}

function label(inputs: { name?: unknown }): string {
  return typeof inputs.name === "string" ? `connection ${JSON.stringify(inputs.name)}` : "connection";
}

/** The credential type a spec uses (`{type: "Cloudflare"}` means its default one). */
function credentialOf(integration: unknown): string | undefined {
  if (integration === null || typeof integration !== "object") return undefined;
  return normalizeIntegration(integration as IntegrationSpec).credentialType;
}

/** Same integration, however the credential type is written. */
function sameIntegration(a: unknown, b: unknown): boolean {
  const norm = (i: unknown) => (i !== null && typeof i === "object" ? normalizeIntegration(i as IntegrationSpec) : i);
  return sameValue(norm(a), norm(b));
}

/**
 * `note.inProgram`: the program's preflight is asking, without the stored inputs, so it cannot
 * tell a create from an update that writes nothing: the variables of secret references are then
 * left to the engine's check, which knows.
 */
export async function check(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  note: PreflightNote = {},
): Promise<pulumi.dynamic.CheckResult> {
  const inputs = withoutProvider(news);
  const issues = [...connectionInputIssues(inputs), ...(await accessCheckIssues("connection", inputs.access))];
  if (!issues.length) issues.push(...(await adoptionIssues(withoutProvider(olds), inputs)));
  // A create or update reads the variables of the references it writes: unset ones fail here, at preview.
  if (!issues.length && note.inProgram !== true)
    issues.push(...unreadableReferenceIssues(inputs.integration, referencesToRead(withoutProvider(olds), inputs)));
  // The program never sets secretRevisions: check does, from the previous inputs. adoptUrn
  // only names the resource in adoption diagnostics: not stored.
  const { secretRevisions: _fromProgram, adoptUrn: _forDiagnostics, ...checked } = news as Record<string, unknown>;
  const revisions = nextSecretRevisions(withoutProvider(olds), inputs);
  if (revisions) checked.secretRevisions = revisions;
  // Known at preview too (the engine shows checked inputs as a preview's outputs).
  const type = (inputs.integration as { type?: unknown } | undefined)?.type;
  if (typeof type === "string" && !isUnknown(type)) checked.integrationType = type;
  return { inputs: checked, failures: toFailures(issues) };
}

export async function diff(
  _id: string,
  olds: ConnectionOutputs,
  news: ConnectionInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces: string[] = [];
  const before = olds.integration,
    after = news.integration;
  const adopted = Boolean(news.adoptId) && news.adoptId === olds.adoptId;
  // Another integration (or credential) type is a new connection, except for an adopted one:
  // its replacement would adopt the same id, and the engine would then delete it. It is
  // changed in place instead (the API's PATCH accepts a whole new integration).
  const kindChanged =
    typeof before?.type === "string" &&
    !isUnknown(after) &&
    (before.type !== after?.type || credentialOf(before) !== credentialOf(after));
  if (kindChanged && !adopted) replaces.push("integration");
  if ((olds.adoptId ?? undefined) !== (news.adoptId ?? undefined)) replaces.push("adoptId");
  const changes =
    replaces.length > 0 ||
    kindChanged ||
    !sameValue(olds.name, news.name) ||
    !sameTags(olds.tags, news.tags) ||
    !sameIntegration(before, after) ||
    accessChanged(olds.access, news.access);
  return { changes, replaces, deleteBeforeReplace: false };
}

function outputs(inputs: ConnectionInputs, remote: RemoteConnection): ConnectionOutputs {
  const outs: ConnectionOutputs = {
    name: remote.name,
    tags: remote.tags,
    // What the program declared (secrets included; the engine stores it encrypted), not the
    // backend's copy, whose secrets come back empty.
    integration: inputs.integration,
    integrationType: remote.integration.type,
  };
  if (inputs.adoptId) outs.adoptId = inputs.adoptId;
  if (inputs.adoptDropsMissing !== undefined) outs.adoptDropsMissing = inputs.adoptDropsMissing;
  if (inputs.secretRevisions) outs.secretRevisions = inputs.secretRevisions;
  if (remote.externalId !== undefined) outs.externalId = remote.externalId;
  if (remote.principalId !== undefined) outs.principalId = remote.principalId;
  return outs;
}

export async function create(news: ConnectionInputs): Promise<pulumi.dynamic.CreateResult> {
  const inputs = withoutProvider(news as ConnectionInputs);
  const client = getClient();
  try {
    // The secrets given by reference, read now; `inputs` (and so the state) keep the references.
    const spec = { name: inputs.name, integration: readAllReferences(inputs.integration), tags: inputs.tags ?? [] };
    let remote: RemoteConnection;
    let access: AccessState | undefined;
    if (inputs.adoptId) {
      const existing = await client.connections.get(inputs.adoptId);
      // Only what differs (as the preview said): an adoption that changes nothing writes nothing.
      remote = await client.connections.update(inputs.adoptId, {
        ...(existing.name === spec.name ? {} : { name: spec.name }),
        ...(sameTags(existing.tags, spec.tags) ? {} : { tags: spec.tags }),
        ...(sameIntegration(existing.integration, spec.integration)
          ? {}
          : { integration: { from: existing.integration, to: spec.integration } }),
      });
      // An adopted connection is not deleted when its policy fails: it existed before.
      if (inputs.access) access = await writeAccess("connection", remote.id, inputs.access);
    } else {
      ({ remote, access } = await createConnectionWithAccess(spec, inputs.access));
    }
    return { id: remote.id, outs: withEtag(withAccess(outputs(inputs, remote), access), remote) };
  } catch (err) {
    throw explain(inputs.adoptId ? `adopting ${label(inputs)} (${inputs.adoptId})` : `creating ${label(inputs)}`, err);
  }
}

/**
 * The backend's view, with the secrets it never returns taken from what we stored: for the same
 * integration and credential type, every secret field that comes back empty or missing keeps
 * its prior value (HTTP token values by token name; all tokens when the response omits them).
 */
export function mergeSecrets(remote: IntegrationSpec, prior: IntegrationSpec | undefined): IntegrationSpec {
  if (!prior || prior.type !== remote.type || credentialOf(prior) !== credentialOf(remote)) return remote;
  const merged: IntegrationSpec = { ...remote };
  if (remote.type === "HTTP") {
    const priorTokens = (Array.isArray(prior.tokens) ? prior.tokens : []) as { name: string; value: string }[];
    if (!Array.isArray(remote.tokens)) {
      if (priorTokens.length) merged.tokens = priorTokens;
    } else {
      merged.tokens = (remote.tokens as { name: string; value?: string }[]).map((t) => ({
        name: t.name,
        value: t.value ? t.value : (priorTokens.find((p) => p.name === t.name)?.value ?? ""),
      }));
    }
    return merged;
  }
  for (const [field] of secretPaths(prior)) {
    const key = String(field);
    if ((merged[key] === undefined || merged[key] === "") && prior[key] !== undefined) merged[key] = prior[key];
  }
  if (prior.credentialType === undefined) delete merged.credentialType;
  return merged;
}

export async function read(id: string, props: ConnectionOutputs): Promise<pulumi.dynamic.ReadResult> {
  const prior = withoutProvider(props as ConnectionOutputs);
  // No prior integration: a lookup (`Connection.get`).
  if (!prior.integration) {
    const missing = lookupKeysProblem("Connection", id);
    if (missing) throw missing;
  }
  const remote = await unlessGone(`reading ${label(prior)} (${id})`, () => getClient().connections.get(id));
  if (!remote && !prior.integration) throw lookupMissing("Connection", id);
  if (!remote) return { id: "" }; // deleted outside Pulumi: an empty id drops it from state
  const integration = withEmptyOptionalsAsDeclared(
    prior.integration ? mergeSecrets(remote.integration, prior.integration) : withEmptySecrets(remote.integration),
    prior.integration,
  );
  // integrationType as check stores it, so a refresh shows no input change.
  const inputs: ConnectionInputs & { integrationType?: string } = {
    name: remote.name,
    integration,
    tags: remote.tags,
    integrationType: remote.integration.type,
  };
  if (prior.adoptId) inputs.adoptId = prior.adoptId;
  if (prior.adoptDropsMissing !== undefined) inputs.adoptDropsMissing = prior.adoptDropsMissing;
  if (prior.secretRevisions) inputs.secretRevisions = prior.secretRevisions;
  const outs = withEtag(outputs(inputs, remote), remote);
  // Only a policy the program manages is read: undeclared access is none of Pulumi's business.
  if (prior.access) {
    const access = await readAccess("connection", id, prior.access).catch((err) => {
      throw explain(`reading the access policy of ${label(prior)} (${id})`, err);
    });
    outs.access = access;
    inputs.access = access;
  }
  return { id, props: outs, inputs };
}

export async function update(
  id: string,
  olds: ConnectionOutputs,
  news: ConnectionInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  const inputs = withoutProvider(news as ConnectionInputs);
  try {
    const remote = await getClient().connections.update(
      id,
      {
        ...(sameValue(olds.name, inputs.name) ? {} : { name: inputs.name }),
        ...(sameTags(olds.tags, inputs.tags) ? {} : { tags: inputs.tags ?? [] }),
        ...(sameIntegration(olds.integration, inputs.integration)
          ? {}
          : { integration: patchSides(olds.integration, inputs.integration) }),
      },
      ifMatchFrom(olds),
    );
    // Declared: written when it changed (else kept). Removed from the program: left as it is.
    const access = await updateAccess("connection", id, olds.access, inputs.access);
    return { outs: withEtag(withAccess(outputs(inputs, remote), access), remote) };
  } catch (err) {
    throw explain(`updating ${label(inputs)} (${id})`, err);
  }
}

export async function remove(id: string, props: ConnectionOutputs): Promise<void> {
  await unlessGone(`deleting ${label(props)} (${id})`, () => getClient().connections.delete(id));
}
