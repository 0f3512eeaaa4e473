/**
 * `/api/v2/actions/connection_groups`: our addition (Datadog has no public groups API), in the
 * same JSON:API style. Besides PATCH (which replaces `connection_ids` whole), members can be
 * added/removed one by one through the JSON:API relationship endpoint
 * `/connection_groups/{id}/relationships/connections`, which composes under concurrency.
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
import { Query, bracketed, checkKnown, page, single } from "./query";

type IdParams = { Params: { id: string } };
const BASE = "/api/v2/actions/connection_groups";

export function groupRoutes(app: FastifyInstance, ctx: Context): void {
  app.post(BASE, async (req, reply) => {
    const attrs = readResource(req.body, { type: GROUP_TYPE, id: "none", meta: true });
    const policy = readInitialPolicy("connection-group", metaOf(req.body));
    const data = await createGroup(ctx, callerOf(req), attrs, policy);
    return send(reply.header("ETag", etagOf(data)), 201, { data, ...initialPolicyMeta(policy) });
  });

  app.get(BASE, async (req, reply) => {
    const query = req.query as Query;
    checkKnown(query, (k) => ["filter[integration]", "page[size]", "page[number]"].includes(k));
    return send(reply, 200, await listGroups(ctx, callerOf(req), single(query, "filter[integration]"), page(query)));
  });

  app.get<IdParams>(`${BASE}/:id`, async (req, reply) => {
    return sendTagged(reply, 200, await getGroup(ctx, callerOf(req), pathId(req.params.id, "connection group")));
  });

  app.patch<IdParams>(`${BASE}/:id`, async (req, reply) => {
    const id = pathId(req.params.id, "connection group");
    const attrs = readResource(req.body, { type: GROUP_TYPE, id });
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
