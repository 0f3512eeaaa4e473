/** A workflow connection: credentials a workflow action uses to reach an external system. */
import * as pulumi from "@pulumi/pulumi";
import { secretPaths } from "pulumi-workflow-connections-rules";
import { gated, preflightConnection } from "./preflight";
import connectionShim = require("./shims/connection");
import type { Integration, IntegrationType } from "./types";
import type { ConnectionAccess } from "./access";

export interface ConnectionArgs {
  /** Display name of the connection. */
  name: pulumi.Input<string>;
  /** The integration and its credentials. Changing `type` (or `credentialType`) replaces the connection. */
  integration: pulumi.Input<Integration>;
  /** Identifier tags (`key:value`), used to tell connections of a group apart. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Adopt an existing connection by id instead of creating one (dynamic resources cannot be
   * `pulumi import`ed). Pulumi then manages it: it is updated to match this resource, and
   * deleted on destroy. Changing it replaces the resource.
   */
  adoptId?: pulumi.Input<string>;
  /**
   * Who may view, resolve and edit it (its restriction policy), e.g.
   * `{ resolver: ["team:<id>"], editor: ["role:<id>"] }`. Left out: the policy is not touched.
   */
  access?: pulumi.Input<ConnectionAccess>;
}

/** What a ConnectionGroup in the same program needs to check this connection as a member at preview. */
export interface DeclaredMember {
  label: string;
  integration: pulumi.Input<string>;
  tags: pulumi.Input<pulumi.Input<string>[]> | undefined;
  /** The access the program declares for it (a group checks its key's user may resolve it). */
  access?: pulumi.Input<ConnectionAccess>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !pulumi.Output.isInstance(v);

/**
 * Marks each secret field of the integration secret (the catalog's list; every HTTP token
 * value), leaving the rest plain: a secret is all-or-nothing, so wrapping the whole object would
 * hide every field from preview's checks as soon as one of them is unknown. When the shape
 * itself is not known here (an Output), the whole integration is made secret.
 */
function protectSecrets(integration: pulumi.Input<Integration>): pulumi.Input<Integration> {
  if (!isPlainObject(integration) || typeof integration.type !== "string" || (integration.credentialType !== undefined && typeof integration.credentialType !== "string")) {
    return pulumi.secret(integration);
  }
  const spec: Record<string, unknown> = { ...integration };
  if (spec.type === "HTTP") {
    const tokens = spec.tokens;
    if (Array.isArray(tokens)) spec.tokens = tokens.map((t) => (isPlainObject(t) ? { ...t, value: pulumi.secret(t.value) } : pulumi.secret(t)));
    else if (tokens !== undefined) spec.tokens = pulumi.secret(tokens);
    return spec as unknown as Integration;
  }
  for (const [field] of secretPaths({ type: spec.type as string, credentialType: spec.credentialType as string | undefined })) {
    if (spec[field] !== undefined) spec[field] = pulumi.secret(spec[field]);
  }
  return spec as unknown as Integration;
}

export class Connection extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  /**
   * Only its secret fields are secret (in state, outputs and diffs); the rest stays readable, so
   * a diff or a drift names the field that changed (see `protectSecrets`).
   */
  declare readonly integration: pulumi.Output<Integration>;
  declare readonly integrationType: pulumi.Output<IntegrationType>;
  declare readonly tags: pulumi.Output<string[]>;
  /** AWS only: computed by the backend. */
  declare readonly externalId: pulumi.Output<string | undefined>;
  /** AWS only: the account that assumes the role, computed by the backend. */
  declare readonly principalId: pulumi.Output<string | undefined>;
  declare readonly adoptId: pulumi.Output<string | undefined>;
  /**
   * Per secret field (`apiToken`, `tokens.<name>` for HTTP), how many times its value changed:
   * secrets show as `[secret]` in every diff, so a rotation shows as this count going up.
   */
  declare readonly secretRevisions: pulumi.Output<Record<string, number> | undefined>;
  /** The policy as last written or refreshed (normalized: sorted, empty relations left out). */
  declare readonly access: pulumi.Output<ConnectionAccess | undefined>;

  /** @internal Inputs a group in the same program validates against at preview. */
  readonly declared: DeclaredMember;

  constructor(name: string, args: ConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    // Checked with every other resource of the program before any is registered (./preflight).
    const gate = preflightConnection(
      { name, type: "pulumi-nodejs:dynamic/connections:Connection", parent: opts?.parent },
      { name: args.name, integration: args.integration, tags: args.tags ?? [], adoptId: args.adoptId, access: args.access },
    );
    const integrationType: pulumi.Input<string> = isPlainObject(args.integration) ? (args.integration.type as pulumi.Input<string>) : pulumi.output(args.integration).apply((i) => i.type);
    super(
      connectionShim,
      name,
      {
        name: args.name,
        // Credentials must never reach the state in plain text, inputs included: the engine
        // encrypts secret values. The dynamic provider does not accept secrets, so the engine
        // re-marks its outputs secret where the inputs (on create/update) or the prior state (on
        // refresh) held a secret at the same path (annotateSecrets in the engine's
        // provider_plugin.go): field by field, the whole `tokens` array for HTTP. No
        // additionalSecretOutputs on `integration`: it would hide every field from diffs.
        integration: protectSecrets(args.integration),
        tags: args.tags ?? [],
        adoptId: args.adoptId,
        access: args.access,
        integrationType: undefined,
        externalId: undefined,
        principalId: undefined,
        secretRevisions: undefined,
      },
      gated(opts, gate),
      "connections",
      "Connection",
    );
    this.declared = { label: name, integration: integrationType, tags: args.tags ?? [], access: args.access };
  }
}
