/** A workflow connection: credentials a workflow action uses to reach an external system. */
import * as pulumi from "@pulumi/pulumi";
import { secretPaths } from "pulumi-workflow-connections-rules";
import { gated, preflightConnection } from "./preflight";
import { noteConnection } from "./preflight/live-duplicates";
import connectionShim = require("./shims/connection");
import type { Integration, IntegrationType } from "./types";
import type { ConnectionAccess } from "./access-types";
import type { ConnectionAccessOutput, IntegrationOutput } from "./outputs";
import { CONNECTION_OUTPUTS, ConnectionState, lookupProps } from "./lookups/state";
import { ConnectionsTarget } from "./target";

export interface ConnectionArgs {
  /** Display name of the connection. */
  name: pulumi.Input<string>;
  /** The integration and its credentials. Changing `type` (or `credentialType`) replaces the connection. */
  integration: pulumi.Input<Integration>;
  /** Identifier tags (`key:value`), used to tell connections of a group apart. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Adopt an existing connection by id instead of creating one (dynamic resources cannot be
   * `pulumi import`ed). The preview says what adopting changes on it, and fails rather than
   * drop what this resource does not declare (see `adoptDropsMissing`). Pulumi then manages
   * it: it is updated to match this resource, and deleted on destroy. Changing it replaces
   * the resource. `pulumi-workflow-connections generate` writes such resources for you.
   */
  adoptId?: pulumi.Input<string>;
  /**
   * With `adoptId`: what the adoption may drop from the live connection (credential fields,
   * HTTP tokens, headers, URL parameters it has and this program does not declare). Without it,
   * such an adoption fails at preview, naming them. `true`: drop all of them; a list: only
   * those named (`tokens.<name>`, `headers.<name>`, `urlParameters.<name>`, `body`, or a field
   * such as `apiToken`). See docs/adoption.md.
   */
  adoptDropsMissing?: pulumi.Input<boolean | pulumi.Input<string>[]>;
  /**
   * Who may view, resolve and edit it (its restriction policy), e.g.
   * `{ resolver: ["team:<id>"], editor: ["role:<id>"] }`. Left out: the policy is not touched.
   */
  access?: pulumi.Input<ConnectionAccess>;
  /**
   * Where it lives: a `ConnectionsTarget` (site or URL and keys). Left out: the stack config /
   * environment default. Another site or URL replaces the connection; new keys do not.
   */
  target?: ConnectionsTarget;
}

/** What a ConnectionGroup in the same program needs to check this connection as a member at preview. */
export interface DeclaredMember {
  label: string;
  integration: pulumi.Input<string>;
  tags: pulumi.Input<pulumi.Input<string>[]> | undefined;
  /** The access the program declares for it (a group checks its key's user may resolve it). */
  access?: pulumi.Input<ConnectionAccess>;
  /** Its target's input (undefined: the default); a group's members must share the group's. */
  target?: unknown;
  /** The existing connection it adopts: a group adopting a live group keeps that member. */
  adoptId?: pulumi.Input<string>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !pulumi.Output.isInstance(v);

/**
 * Marks each secret field of the integration secret (the catalog's list; every HTTP token
 * value), leaving the rest plain: a secret is all-or-nothing, so wrapping the whole object would
 * hide every field from preview's checks as soon as one of them is unknown. When the shape
 * itself is not known here (an Output), the whole integration is made secret. A reference
 * (`{ fromEnv, version }`) holds no secret and stays plain, so a diff shows its new version.
 */
function protectSecrets(integration: pulumi.Input<Integration>): pulumi.Input<Integration> {
  if (
    !isPlainObject(integration) ||
    typeof integration.type !== "string" ||
    (integration.credentialType !== undefined && typeof integration.credentialType !== "string")
  ) {
    return pulumi.secret(integration);
  }
  const spec: Record<string, unknown> = { ...integration };
  const protect = (value: unknown) => (isPlainObject(value) ? value : pulumi.secret(value));
  if (spec.type === "HTTP") {
    const tokens = spec.tokens;
    if (Array.isArray(tokens))
      spec.tokens = tokens.map((t) => (isPlainObject(t) ? { ...t, value: protect(t.value) } : pulumi.secret(t)));
    else if (tokens !== undefined) spec.tokens = pulumi.secret(tokens);
    return spec as unknown as Integration;
  }
  for (const [field] of secretPaths({
    type: spec.type as string,
    credentialType: spec.credentialType as string | undefined,
  })) {
    if (spec[field] !== undefined) spec[field] = protect(spec[field]);
  }
  return spec as unknown as Integration;
}

const CONNECTION_TYPE = "pulumi-nodejs:dynamic/connections:Connection";

export class Connection extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  /**
   * Only its secret fields are secret (in state, outputs and diffs); the rest stays readable, so
   * a diff or a drift names the field that changed (see `protectSecrets`).
   */
  declare readonly integration: pulumi.Output<IntegrationOutput>;
  declare readonly integrationType: pulumi.Output<IntegrationType>;
  declare readonly tags: pulumi.Output<string[]>;
  /** AWS only: computed by the backend. */
  declare readonly externalId: pulumi.Output<string | undefined>;
  /** AWS only: the account that assumes the role, computed by the backend. */
  declare readonly principalId: pulumi.Output<string | undefined>;
  declare readonly adoptId: pulumi.Output<string | undefined>;
  declare readonly adoptDropsMissing: pulumi.Output<boolean | string[] | undefined>;
  /**
   * Per secret field (`apiToken`, `tokens.<name>` for HTTP), how many times its value changed:
   * secrets show as `[secret]` in every diff, so a rotation shows as this count going up.
   */
  declare readonly secretRevisions: pulumi.Output<Record<string, number> | undefined>;
  /** The policy as last written or refreshed (normalized: sorted, empty relations left out). */
  declare readonly access: pulumi.Output<ConnectionAccessOutput | undefined>;
  /**
   * The ETag the target gave with the last read or write (the local backend sends them; Datadog
   * does not): updates send it as `If-Match`, so a change made outside the stack since then is
   * not overwritten (the update stops and asks for a `pulumi refresh`). See docs/etags.md.
   */
  declare readonly etag: pulumi.Output<string | undefined>;

  /** @internal Inputs a group in the same program validates against at preview (none for a lookup). */
  readonly declared: DeclaredMember | undefined;

  /**
   * An existing connection by id, read only: Pulumi reads it (at preview and `up`, and on
   * `refresh`) and never writes it; `destroy` leaves it alone. Its outputs are the backend's
   * (secret fields ""). It can be a member of a ConnectionGroup of this program.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: Partial<ConnectionState>,
    opts?: pulumi.CustomResourceOptions,
  ): Connection {
    return new Connection(name, (state ?? {}) as unknown as ConnectionArgs, { ...opts, id });
  }

  constructor(name: string, args: ConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    if (opts?.id !== undefined) {
      // A lookup (`Connection.get`): the engine reads it instead of registering it; nothing to check.
      super(connectionShim, name, lookupProps(CONNECTION_OUTPUTS, args), opts, "connections", "Connection");
      this.declared = undefined;
      noteConnection(this, { name: undefined, tags: undefined, adoptId: undefined, target: undefined });
      return;
    }
    // Checked with every other resource of the program before any is registered (./preflight).
    const gate = preflightConnection(
      { name, type: CONNECTION_TYPE, parent: opts?.parent },
      {
        name: args.name,
        integration: args.integration,
        tags: args.tags ?? [],
        adoptId: args.adoptId,
        adoptDropsMissing: args.adoptDropsMissing,
        access: args.access,
        target: args.target?.input,
      },
    );
    const integrationType: pulumi.Input<string> = isPlainObject(args.integration)
      ? (args.integration.type as pulumi.Input<string>)
      : pulumi.output(args.integration).apply((i) => i.type);
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
        adoptDropsMissing: args.adoptDropsMissing,
        // Names the resource in the adoption diagnostics of check (which does not store it).
        adoptUrn: args.adoptId === undefined ? undefined : pulumi.createUrn(name, CONNECTION_TYPE, opts?.parent),
        access: args.access,
        integrationType: undefined,
        externalId: undefined,
        principalId: undefined,
        secretRevisions: undefined,
        etag: undefined,
        target: args.target?.input,
        // Check-only: what the preflight already asked the target (never stored, see runtime/targets.ts).
        preflight: gate.note,
      },
      gated(opts, gate.gate),
      "connections",
      "Connection",
    );
    noteConnection(this, { name: args.name, tags: args.tags ?? [], adoptId: args.adoptId, target: args.target?.input });
    this.declared = {
      label: name,
      integration: integrationType,
      tags: args.tags ?? [],
      access: args.access,
      target: args.target?.input,
      adoptId: args.adoptId,
    };
  }
}
