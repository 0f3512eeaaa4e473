/**
 * The JSON:API envelope: `{"data":{"type":...,"id"?:...,"attributes":{...}}}` in, the same out as
 * `application/vnd.api+json`. A wrong `data.type` (or a `data.id` that is not the URL's) is 409
 * Conflict, as the JSON:API spec says and Datadog's stable operations do; every other envelope
 * problem is 400. Datadog's group operations list no 409: there a wrong `data.type` is 400.
 */
import type { FastifyReply } from "fastify";
import { isObj, JsonObject, quote } from "pulumi-workflow-connections-rules";
import { ErrorResponse } from "../errors/error-response";
import { unknownKeys } from "../errors/unknown-keys";

export const JSON_API = "application/vnd.api+json";

type Obj = JsonObject;

export interface EnvelopeRules {
  type: string;
  /** "none": the server assigns ids; a string: `data.id` may be given and must equal it. */
  id: "none" | string;
  /** A top-level `meta` is allowed (creates: backend/domain/initial-policy.ts); the caller reads it. */
  meta?: boolean;
  /** The status of a wrong `data.type`: 409 unless given. */
  wrongTypeStatus?: 400 | 409;
  /** `data.attributes` may be left out (Datadog's group PATCH): then it reads as `{}`. */
  attributesOptional?: boolean;
}

/** The `attributes` of a single-resource request body. */
export function readResource(body: unknown, rules: EnvelopeRules): Obj {
  if (body === undefined || body === null || body === "")
    throw new ErrorResponse(400, { detail: "a JSON request body is required" });
  if (!isObj(body))
    throw new ErrorResponse(400, {
      detail: "the request body must be a JSON object with a `data` member",
      pointer: "",
    });
  unknownKeys(body, rules.meta ? ["data", "meta"] : ["data"], []);
  const data = body.data;
  if (!isObj(data))
    throw new ErrorResponse(400, {
      detail: data === undefined ? "data is required" : "data must be an object",
      pointer: "/data",
    });
  unknownKeys(data, ["type", "attributes", ...(rules.id === "none" ? [] : ["id"])], ["data"]);
  if (data.type === undefined)
    throw new ErrorResponse(400, {
      detail: `data.type is required and must be "${rules.type}"`,
      pointer: "/data/type",
    });
  if (data.type !== rules.type)
    throw new ErrorResponse(rules.wrongTypeStatus ?? 409, {
      detail: `data.type must be "${rules.type}", not ${quote(data.type)}`,
      pointer: "/data/type",
    });
  if (rules.id !== "none" && data.id !== undefined && data.id !== rules.id) {
    throw new ErrorResponse(409, {
      detail: `data.id ${quote(data.id)} does not match the id in the URL (${rules.id})`,
      pointer: "/data/id",
    });
  }
  if (data.attributes === undefined && rules.attributesOptional) return {};
  if (!isObj(data.attributes)) {
    throw new ErrorResponse(400, {
      detail: data.attributes === undefined ? "data.attributes is required" : "data.attributes must be an object",
      pointer: "/data/attributes",
    });
  }
  return data.attributes;
}

/** The top-level `meta` of a body `readResource` accepted (undefined when absent). */
export function metaOf(body: unknown): unknown {
  return isObj(body) ? body.meta : undefined;
}

/** The ids of a relationship request body: `{"data":[{"type":"action_connection","id":"<uuid>"}]}`. */
export function readIdentifiers(body: unknown, type: string): string[] {
  if (!isObj(body) || !Array.isArray(body.data))
    throw new ErrorResponse(400, {
      detail: 'the request body must be {"data": [{"type": ..., "id": ...}]}',
      pointer: "/data",
    });
  unknownKeys(body, ["data"], []);
  return body.data.map((entry, i) => {
    if (!isObj(entry)) throw new ErrorResponse(400, { detail: `data[${i}] must be an object`, pointer: `/data/${i}` });
    unknownKeys(entry, ["type", "id"], ["data", String(i)]);
    if (entry.type !== type)
      throw new ErrorResponse(409, {
        detail: `data[${i}].type must be "${type}", not ${quote(entry.type)}`,
        pointer: `/data/${i}/type`,
      });
    if (typeof entry.id !== "string")
      throw new ErrorResponse(400, { detail: `data[${i}].id must be a string`, pointer: `/data/${i}/id` });
    return entry.id;
  });
}

export function send(reply: FastifyReply, status: number, body?: unknown): FastifyReply {
  if (body === undefined) return reply.code(status).send();
  return reply.code(status).type(JSON_API).send(body);
}
