/**
 * `/api/v2/actions/connections`: Datadog's Action Connections API (create, read, update,
 * delete) and its list (ListActionConnections, http/list-query.ts).
 */
import type { FastifyInstance } from "fastify";
import { ROUTES } from "pulumi-workflow-connections-rules";
import type { Context } from "../domain/context";
import {
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  updateConnection,
} from "../domain/connections";
import { CONNECTION_TYPE } from "../domain/views";
import { callerOf } from "./caller";
import { etagOf, ifMatch, sendTagged } from "./etag";
import { pathId } from "./ids";
import { metaOf, readResource, send } from "./json-api";
import { initialPolicyMeta, readInitialPolicy } from "../domain/initial-policy";
import { connectionListQuery } from "./list-query";
import type { Query } from "./query";

type IdParams = { Params: { id: string } };
const BASE = ROUTES.connections;

export function connectionRoutes(app: FastifyInstance, ctx: Context): void {
  app.post(BASE, async (req, reply) => {
    const attrs = readResource(req.body, { type: CONNECTION_TYPE, id: "none", meta: true });
    const policy = readInitialPolicy("connection", metaOf(req.body));
    const data = await createConnection(ctx, callerOf(req), attrs, policy);
    return send(reply.header("ETag", etagOf(data)), 201, { data, ...initialPolicyMeta(policy) });
  });

  app.get(BASE, async (req, reply) => {
    return send(reply, 200, await listConnections(ctx, callerOf(req), connectionListQuery(req.query as Query)));
  });

  app.get<IdParams>(`${BASE}/:id`, async (req, reply) => {
    const id = pathId(req.params.id, "connection");
    return sendTagged(reply, 200, await getConnection(ctx, callerOf(req), id));
  });

  app.patch<IdParams>(`${BASE}/:id`, async (req, reply) => {
    const id = pathId(req.params.id, "connection");
    const attrs = readResource(req.body, { type: CONNECTION_TYPE, id });
    const { data, meta } = await updateConnection(
      ctx,
      callerOf(req),
      id,
      attrs,
      ifMatch(req, reply, `connection ${id}`),
    );
    // `meta`: the groups the change took it out of (domain/pinning.ts); the ETag is of `data`.
    return send(reply.header("ETag", etagOf(data)), 200, { data, ...(meta ? { meta } : {}) });
  });

  app.delete<IdParams>(`${BASE}/:id`, async (req, reply) => {
    const id = pathId(req.params.id, "connection");
    await deleteConnection(ctx, callerOf(req), id, ifMatch(req, reply, `connection ${id}`));
    return send(reply, 204);
  });
}
