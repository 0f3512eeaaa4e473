/**
 * `/api/v2/actions/connections/groups`: Datadog's two group operations, the list
 * (ListConnectionGroups, http/list-query.ts) and `PATCH .../groups/{id}` (UpdateConnectionGroup:
 * any attribute, `connections` and `tag_keys` replaced whole), and this backend's extensions
 * of the same resource, which Datadog lacks: create (POST), read one (GET .../{id}), delete,
 * members one by one through the JSON:API relationship endpoint
 * `.../groups/{id}/relationships/connections` (which composes under concurrency), and resolve.
 * The group list names the extensions in a response header, so a client learns them from the
 * list it sends anyway. On Datadog's routes a wrong `data.type` is 400, as its spec lists no 409.
 */
import type { FastifyInstance } from "fastify";
import type { Context } from "../domain/context";
import {
  addGroupMembers,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  removeGroupMembers,
  updateGroup,
} from "../domain/groups";
import { resolveGroup } from "../domain/group-resolve";
import { CONNECTION_TYPE, GROUP_TYPE } from "../domain/views";
import { callerOf } from "./caller";
import { etagOf, ifMatch, sendTagged } from "./etag";
import { pathId } from "./ids";
import { metaOf, readIdentifiers, readResource, send } from "./json-api";
import { initialPolicyMeta, readInitialPolicy } from "../domain/initial-policy";
import { Query, bracketed, checkKnown } from "./query";
import { groupListQuery } from "./list-query";
import { GROUP_EXTENSIONS, GROUP_EXTENSIONS_HEADER, ROUTES } from "pulumi-workflow-connections-rules";

type IdParams = { Params: { id: string } };
const BASE = ROUTES.groups;
const ENVELOPE = { type: GROUP_TYPE, wrongTypeStatus: 400 } as const;

export function groupRoutes(app: FastifyInstance, ctx: Context): void {
  app.post(BASE, async (req, reply) => {
    const attrs = readResource(req.body, { ...ENVELOPE, id: "none", meta: true });
    const policy = readInitialPolicy("connection-group", metaOf(req.body));
    const data = await createGroup(ctx, callerOf(req), attrs, policy);
    return send(reply.header("ETag", etagOf(data)), 201, { data, ...initialPolicyMeta(policy) });
  });

  app.get(BASE, async (req, reply) => {
    const list = await listGroups(ctx, callerOf(req), groupListQuery(req.query as Query));
    return send(reply.header(GROUP_EXTENSIONS_HEADER, GROUP_EXTENSIONS.join(", ")), 200, list);
  });

  app.get<IdParams>(`${BASE}/:id`, async (req, reply) => {
    return sendTagged(reply, 200, await getGroup(ctx, callerOf(req), pathId(req.params.id, "connection group")));
  });

  app.patch<IdParams>(`${BASE}/:id`, async (req, reply) => {
    const id = pathId(req.params.id, "connection group");
    const attrs = readResource(req.body, { ...ENVELOPE, id, attributesOptional: true });
    return sendTagged(
      reply,
      200,
      await updateGroup(ctx, callerOf(req), id, attrs, ifMatch(req, reply, `connection group ${id}`)),
    );
  });

  app.delete<IdParams>(`${BASE}/:id`, async (req, reply) => {
    const id = pathId(req.params.id, "connection group");
    await deleteGroup(ctx, callerOf(req), id, ifMatch(req, reply, `connection group ${id}`));
    return send(reply, 204);
  });

  app.post<IdParams>(`${BASE}/:id/relationships/connections`, async (req, reply) => {
    const id = pathId(req.params.id, "connection group");
    const ids = readIdentifiers(req.body, CONNECTION_TYPE);
    return sendTagged(
      reply,
      200,
      await addGroupMembers(ctx, callerOf(req), id, ids, ifMatch(req, reply, `connection group ${id}`)),
    );
  });

  app.delete<IdParams>(`${BASE}/:id/relationships/connections`, async (req, reply) => {
    const id = pathId(req.params.id, "connection group");
    const ids = readIdentifiers(req.body, CONNECTION_TYPE);
    return sendTagged(
      reply,
      200,
      await removeGroupMembers(ctx, callerOf(req), id, ids, ifMatch(req, reply, `connection group ${id}`)),
    );
  });

  // `?identifiers[env]=prod&identifiers[region]=eu` -> the one member with those values.
  app.get<IdParams>(`${BASE}/:id/resolve`, async (req, reply) => {
    const id = pathId(req.params.id, "connection group");
    const query = req.query as Query;
    checkKnown(query, (k) => /^identifiers\[.+\]$/.test(k));
    return send(reply, 200, { data: await resolveGroup(ctx, callerOf(req), id, bracketed(query, "identifiers")) });
  });
}
