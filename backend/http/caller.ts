/** The authenticated user of a request, set by the auth hook on every /api/v2 route. */
import type { FastifyRequest } from "fastify";
import type { Caller } from "../auth/authenticate";

declare module "fastify" {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error("route registered outside the authenticated /api/v2 scope");
  return request.caller;
}
