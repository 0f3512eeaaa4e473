/** `/api/v2/restriction_policy/{resource_id}`: Datadog's restriction policy API (GET, POST, DELETE). */
import type { FastifyInstance } from "fastify";
import type { Context } from "../domain/context";
import { deletePolicy, getPolicy, parseResourceId, readBindings, setPolicy } from "../domain/policies";
import { POLICY_TYPE } from "../domain/views";
import { callerOf } from "./caller";
import { ifMatch, sendTagged } from "./etag";
import { quote } from "pulumi-workflow-connections-rules";
import { ErrorResponse } from "../errors/error-response";
import { readResource, send } from "./json-api";
import { Query, checkKnown, single } from "./query";

type Params = { Params: { resourceId: string } };
const PATH = "/api/v2/restriction_policy/:resourceId";

export function restrictionPolicyRoutes(app: FastifyInstance, ctx: Context): void {
  app.get<Params>(PATH, async (req, reply) => {
    return sendTagged(reply, 200, (await getPolicy(ctx, callerOf(req), parseResourceId(req.params.resourceId))).data);
  });

  app.post<Params>(PATH, async (req, reply) => {
    const target = parseResourceId(req.params.resourceId);
    const query = req.query as Query;
    checkKnown(query, (k) => k === "allow_self_lockout");
    const lockout = single(query, "allow_self_lockout");
    if (lockout !== undefined && lockout !== "true" && lockout !== "false") {
      throw new ErrorResponse(400, {
        detail: `allow_self_lockout must be true or false, not ${quote(lockout)}`,
        parameter: "allow_self_lockout",
      });
    }
    const bindings = readBindings(target.kind, readResource(req.body, { type: POLICY_TYPE, id: target.resourceId }));
    const precondition = ifMatch(req, reply, `the restriction policy of ${target.resourceId}`);
    return sendTagged(
      reply,
      200,
      (await setPolicy(ctx, callerOf(req), target, bindings, lockout === "true", precondition)).data,
    );
  });

  app.delete<Params>(PATH, async (req, reply) => {
    const target = parseResourceId(req.params.resourceId);
    await deletePolicy(
      ctx,
      callerOf(req),
      target,
      ifMatch(req, reply, `the restriction policy of ${target.resourceId}`),
    );
    return send(reply, 204);
  });
}
