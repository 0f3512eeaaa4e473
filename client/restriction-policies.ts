/**
 * Restriction policies (Datadog's access rules): `/api/v2/restriction_policy/{resource_id}`
 * with resource ids `connection:<uuid>` / `connection-group:<uuid>`. No policy means everyone
 * in the org may use the resource.
 */
import { HttpCore } from "./http";
import { WriteConditions, etagFrom } from "./etag";
import { NotFoundError } from "./errors/not-found-error";
import { unexpectedBody } from "./errors/unexpected";
import { segment } from "./path-segment";
import {
  Binding,
  isObj,
  POLICY_RESOURCE,
  resourceOf,
  ROUTES,
  stringList,
  WIRE_TYPES,
} from "pulumi-workflow-connections-rules";

export interface RestrictionPolicy {
  resourceId: string;
  bindings: Binding[];
  /** Its ETag, when the server sends one (the local backend does; Datadog does not): pass it as `ifMatch`. */
  etag?: string;
}

export const connectionResource = POLICY_RESOURCE.connection;
export const groupResource = POLICY_RESOURCE.group;

function policyFromWire(
  resourceId: string,
  body: unknown,
  headers: Record<string, unknown> = {},
): RestrictionPolicy | undefined {
  const data = isObj(body) ? body.data : undefined;
  if (!isObj(data)) return undefined;
  const attributes = resourceOf(body)?.attributes ?? (isObj(data.attributes) ? data.attributes : {});
  const bindings = Array.isArray(attributes.bindings) ? attributes.bindings : [];
  const policy: RestrictionPolicy = {
    resourceId: typeof data.id === "string" ? data.id : resourceId,
    bindings: bindings
      .filter(isObj)
      .map((b) => ({ relation: String(b.relation ?? ""), principals: stringList(b.principals) })),
  };
  const etag = etagFrom(headers);
  if (etag) policy.etag = etag;
  return policy;
}

export class RestrictionPolicies {
  constructor(private readonly core: HttpCore) {}

  private path(resourceId: string): string {
    return `${ROUTES.policies}/${segment("resource id", resourceId)}`;
  }

  /**
   * The resource's policy. `undefined` when the server answers 404 (no policy stored, or no such
   * resource); Datadog itself answers 200 with empty bindings. Both mean: no restriction.
   */
  async get(resourceId: string): Promise<RestrictionPolicy | undefined> {
    const path = this.path(resourceId);
    try {
      const res = await this.core.request({ method: "GET", path });
      const policy = policyFromWire(resourceId, res.body, res.headers);
      if (!policy) throw unexpectedBody("GET", path, res.status, `{"data": {"type": "${WIRE_TYPES.policy}", ...}}`);
      return policy;
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  /**
   * Replaces the policy (POST, which replaces whole, so it is retried like an idempotent request).
   * `allowSelfLockout` sends Datadog's `allow_self_lockout=true`: the policy may take editor away
   * from the key's own user. `ifMatch`: only if the policy still has that ETag.
   */
  async set(
    resourceId: string,
    bindings: Binding[],
    options: { allowSelfLockout?: boolean } & WriteConditions = {},
  ): Promise<RestrictionPolicy> {
    const path = this.path(resourceId);
    const body = {
      data: {
        type: WIRE_TYPES.policy,
        id: resourceId,
        attributes: { bindings: bindings.map((b) => ({ relation: b.relation, principals: [...b.principals] })) },
      },
    };
    const query = options.allowSelfLockout ? { allow_self_lockout: true } : undefined;
    const res = await this.core.request({
      method: "POST",
      path,
      query,
      body,
      idempotent: true,
      ifMatch: options.ifMatch,
    });
    return policyFromWire(resourceId, res.body, res.headers) ?? { resourceId, bindings: body.data.attributes.bindings };
  }

  /** A 404 is thrown (NotFoundError): callers decide. */
  async delete(resourceId: string, conditions: WriteConditions = {}): Promise<void> {
    await this.core.request({ method: "DELETE", path: this.path(resourceId), ifMatch: conditions.ifMatch });
  }
}
