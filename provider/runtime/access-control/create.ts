/**
 * Creating a connection or group with declared `access`, so that nobody the declaration leaves
 * out ever controls it.
 *
 * - A target other than a Datadog site (the local backend): one request. The backend writes the
 *   resource and its policy in one transaction (client `createWithPolicy`, the documented
 *   `meta.restriction_policy` extension). A server that does not echo the policy it stored has
 *   it read back and compared.
 * - A Datadog site has no such step: create, write the policy, read it back. In between, every
 *   user of the org is editor of the new resource (Datadog's default) and could restrict it to
 *   themselves. That is detected (the write fails, or the policy read back differs) and the
 *   create stops with an error naming the resource and its id instead of recording a resource
 *   the program does not control. What was created is deleted again only when that is safe:
 *   when its policy, read then, still leaves the application key's user editor.
 */
import type {
  ConnectionsClient,
  CreatedWithPolicy,
  InitialPolicy,
  RemoteConnection,
  RemoteGroup,
} from "../../../client";
import {
  AccessSpec,
  Binding,
  ConnectionSpec,
  GroupSpec,
  PolicyKind,
  accessToBindings,
  atLeast,
  bindingsToAccess,
} from "pulumi-workflow-connections-rules";
import { AccessState, accessState, keyUserRelation } from "./lifecycle";
import { sameValue } from "../inputs";
import { getClient } from "../settings";

interface CreateOps<T> {
  create: () => Promise<T>;
  createWithPolicy: (policy: InitialPolicy) => Promise<CreatedWithPolicy<T>>;
  delete: (id: string) => Promise<unknown>;
}

const WHAT: Record<PolicyKind, string> = { connection: "connection", "connection-group": "connection group" };
const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));
const samePolicy = (a: readonly Binding[], b: readonly Binding[]) =>
  sameValue(bindingsToAccess(a), bindingsToAccess(b));

/** Whether the key's user is still editor of the resource (unknown counts as no). */
async function stillEditor(client: ConnectionsClient, resourceId: string): Promise<boolean> {
  try {
    const current = await client.policies.get(resourceId);
    if (!current) return false; // 404: gone, or hidden from the key's user
    const who = await keyUserRelation(bindingsToAccess(current.bindings) as AccessSpec);
    return !("cannotTell" in who) && atLeast(who.relation as never, "editor");
  } catch {
    return false;
  }
}

/** The error for a resource created without its declared policy; deletes it first when safe. */
async function notUnderAccess(
  client: ConnectionsClient,
  kind: PolicyKind,
  id: string,
  why: string,
  remove: (id: string) => Promise<unknown>,
): Promise<Error> {
  const resourceId = `${kind}:${id}`;
  let after: string;
  if (await stillEditor(client, resourceId)) {
    try {
      await remove(id);
      after = "it was deleted again, so nothing is left behind";
    } catch (err) {
      after = `deleting it again failed too (${reason(err)}): delete ${WHAT[kind]} ${id} by hand`;
    }
  } else {
    after = `it was NOT deleted: the application key's user is no longer its editor, so someone else controls ${resourceId}; have an org admin review and delete it`;
  }
  return new Error(`the ${WHAT[kind]} was created (id ${id}) but is not under the declared access: ${why}; ${after}`);
}

async function createWithAccess<T extends { id: string }>(
  client: ConnectionsClient,
  kind: PolicyKind,
  access: AccessSpec | undefined,
  ops: CreateOps<T>,
): Promise<{ remote: T; access?: AccessState }> {
  if (access === undefined || access === null) return { remote: await ops.create() };
  const bindings = accessToBindings(access);
  // Nothing bound is no restriction, which a new resource already has.
  if (!bindings.length) return { remote: await ops.create(), access: accessState(access) };
  const resourceId = (id: string) => `${kind}:${id}`;
  let remote: T;
  if (!client.target.isDatadog) {
    const created = await ops.createWithPolicy({ bindings, allowSelfLockout: access.allowSelfLockout === true });
    remote = created.resource;
    if (created.policy && samePolicy(created.policy, bindings)) return { remote, access: accessState(access) };
    if (created.policy)
      throw await notUnderAccess(
        client,
        kind,
        remote.id,
        "the target stored another policy than the declared one",
        ops.delete,
      );
  } else {
    remote = await ops.create();
    try {
      await client.policies.set(resourceId(remote.id), bindings, {
        allowSelfLockout: access.allowSelfLockout === true,
      });
    } catch (err) {
      throw await notUnderAccess(
        client,
        kind,
        remote.id,
        `writing its access policy failed (${reason(err)}); Datadog's API cannot create and restrict in one step, so another user may have changed its access in between`,
        ops.delete,
      );
    }
  }
  let stored: Binding[] | undefined;
  try {
    stored = (await client.policies.get(resourceId(remote.id)))?.bindings;
  } catch (err) {
    throw await notUnderAccess(
      client,
      kind,
      remote.id,
      `reading its access policy back failed (${reason(err)})`,
      ops.delete,
    );
  }
  if (!stored || !samePolicy(stored, bindings)) {
    throw await notUnderAccess(
      client,
      kind,
      remote.id,
      "the access policy read back differs from the declared one (another user may have changed it in between)",
      ops.delete,
    );
  }
  return { remote, access: accessState(access) };
}

/** `client`: the provider's (tests pass their own). */
export function createConnectionWithAccess(spec: ConnectionSpec, access: AccessSpec | undefined, client = getClient()) {
  return createWithAccess<RemoteConnection>(client, "connection", access, {
    create: () => client.connections.create(spec),
    createWithPolicy: (policy) => client.connections.createWithPolicy(spec, policy),
    delete: (id) => client.connections.delete(id),
  });
}

export function createGroupWithAccess(spec: GroupSpec, access: AccessSpec | undefined, client = getClient()) {
  return createWithAccess<RemoteGroup>(client, "connection-group", access, {
    create: () => client.groups.create(spec),
    createWithPolicy: (policy) => client.groups.createWithPolicy(spec, policy),
    delete: (id) => client.groups.delete(id),
  });
}
