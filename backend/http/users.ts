/** `/api/v2/current_user` and `/api/v2/users/{user_id}/memberships` (see ../domain/users.ts). */
import type { FastifyInstance } from "fastify";
import type { KeysFile } from "../auth/keys-file";
import { currentUserView, membershipsView } from "../domain/users";
import { callerOf } from "./caller";
import { send } from "./json-api";
import { Query, checkKnown, page } from "./query";

export function userRoutes(app: FastifyInstance, keys: KeysFile): void {
  app.get("/api/v2/current_user", async (req, reply) => {
    checkKnown(req.query as Query, () => false);
    return send(reply, 200, currentUserView(callerOf(req)));
  });

  app.get<{ Params: { userId: string } }>("/api/v2/users/:userId/memberships", async (req, reply) => {
    const query = req.query as Query;
    checkKnown(query, (k) => k === "page[size]" || k === "page[number]");
    callerOf(req);
    return send(reply, 200, membershipsView(keys, req.params.userId, page(query)));
  });
}
