/**
 * Restriction policies (Datadog's access rules): `/api/v2/restriction_policy/{resource_id}`
 * with resource ids `connection:<uuid>` / `connection-group:<uuid>`. No policy means everyone
 * in the org may use the resource.
 */
import { HttpCore } from "./http";
import { NotFoundError } from "./errors/not-found-error";
import { unexpectedBody } from "./errors/unexpected";
import { Binding, POLICY_RESOURCE, ROUTES, WIRE_TYPES, isObj, resourceOf, stringList } from "pulumi-workflow-connections-rules";
import { segment } from "./path-segment";

export interface RestrictionPolicy {
  resourceId: string;
  bindings: Binding[];
}

export const connectionResource = POLICY_RESOURCE.connection;
export const groupResource = POLICY_RESOURCE.group;

function policyFromWire(resourceId: string, body: unknown): RestrictionPolicy | undefined {
  const data = isObj(body) ? body.data : undefined;
  if (!isObj(data)) return undefined;
  const attributes = resourceOf(body)?.attributes ?? (isObj(data.attributes) ? data.attributes : {});
  const bindings = Array.isArray(attributes.bindings) ? attributes.bindings : [];
  return {
    resourceId: typeof data.id === "string" ? data.id : resourceId,
    bindings: bindings.filter(isObj).map((b) => ({ relation: String(b.relation ?? ""), principals: stringList(b.principals) })),
  };
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
      const policy = policyFromWire(resourceId, res.body);
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
   * from the key's own user.
   */
  async set(resourceId: string, bindings: Binding[], options: { allowSelfLockout?: boolean } = {}): Promise<RestrictionPolicy> {
    const path = this.path(resourceId);
    const body = {
      data: {
        type: WIRE_TYPES.policy,
        id: resourceId,
        attributes: { bindings: bindings.map((b) => ({ relation: b.relation, principals: [...b.principals] })) },
      },
    };
    const query = options.allowSelfLockout ? { allow_self_lockout: true } : undefined;
    const res = await this.core.request({ method: "POST", path, query, body, idempotent: true });
    return policyFromWire(resourceId, res.body) ?? { resourceId, bindings: body.data.attributes.bindings };
  }

  /** A 404 is thrown (NotFoundError): callers decide. */
  async delete(resourceId: string): Promise<void> {
    await this.core.request({ method: "DELETE", path: this.path(resourceId) });
  }
}
