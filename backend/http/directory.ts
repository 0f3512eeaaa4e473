/**
 * Key validation and principal lookups (see ../domain/directory.ts):
 * - `GET /api/v1/validate`: Datadog's API-key check, `{"valid": true}` or 403; it needs the
 *   API key only, so it is registered outside the scope that requires both keys;
 * - `GET /api/v2/users/{id}`, `/api/v2/roles/{id}`, `/api/v2/team/{id}`: 200 or 404.
 */
import type { FastifyInstance } from "fastify";
import { checkApiKey } from "../auth/authenticate";
import type { KeysFile } from "../auth/keys-file";
import { roleView, teamView, userView } from "../domain/directory";
import { ErrorResponse } from "../errors/error-response";
import { send } from "./json-api";
import { Query, checkKnown } from "./query";

export function validateRoute(app: FastifyInstance, keys: KeysFile): void {
  app.get("/api/v1/validate", async (req, reply) => {
    const { inQuery } = checkApiKey(keys, req.headers, req.query);
    if (inQuery)
      throw new ErrorResponse(403, {
        detail: "keys in the query string are not accepted: send the DD-API-KEY header only",
        header: "DD-API-KEY",
      });
    checkKnown(req.query as Query, () => false);
    return send(reply, 200, { valid: true });
  });
}

export function lookupRoutes(app: FastifyInstance, keys: KeysFile): void {
  // `:userId`, as in the memberships route beside it (one parameter name per path position).
  app.get<{ Params: { userId: string } }>("/api/v2/users/:userId", async (req, reply) => {
    checkKnown(req.query as Query, () => false);
    return send(reply, 200, userView(keys, req.params.userId));
  });
  app.get<{ Params: { id: string } }>("/api/v2/roles/:id", async (req, reply) => {
    checkKnown(req.query as Query, () => false);
    return send(reply, 200, roleView(keys, req.params.id));
  });
  app.get<{ Params: { id: string } }>("/api/v2/team/:id", async (req, reply) => {
    checkKnown(req.query as Query, () => false);
    return send(reply, 200, teamView(keys, req.params.id));
  });
}
