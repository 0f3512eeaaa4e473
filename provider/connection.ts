/** A workflow connection: credentials a workflow action uses to reach an external system. */
import * as pulumi from "@pulumi/pulumi";
import { connectionShim } from "./shim";
import type { Integration, IntegrationType } from "./types";

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
}

/** What a ConnectionGroup in the same program needs to check this connection as a member at preview. */
export interface DeclaredMember {
  label: string;
  integration: pulumi.Input<string>;
  tags: pulumi.Input<pulumi.Input<string>[]> | undefined;
}

export class Connection extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  /** Secret as a whole: it holds credentials. */
  declare readonly integration: pulumi.Output<Integration>;
  declare readonly integrationType: pulumi.Output<IntegrationType>;
  declare readonly tags: pulumi.Output<string[]>;
  /** AWS only: computed by the backend. */
  declare readonly externalId: pulumi.Output<string | undefined>;
  /** AWS only: the account that assumes the role, computed by the backend. */
  declare readonly principalId: pulumi.Output<string | undefined>;
  declare readonly adoptId: pulumi.Output<string | undefined>;

  /** @internal Inputs a group in the same program validates against at preview. */
  readonly declared: DeclaredMember;

  constructor(name: string, args: ConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    const integrationType = pulumi.output(args.integration).apply((i) => i.type);
    super(
      connectionShim,
      name,
      {
        name: args.name,
        // Credentials must never reach the state in plain text, inputs included: the engine
        // encrypts secret values, and re-marks the output by name (additionalSecretOutputs).
        integration: pulumi.secret(args.integration),
        tags: args.tags ?? [],
        adoptId: args.adoptId,
        integrationType: undefined,
        externalId: undefined,
        principalId: undefined,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "integration"] },
      "connections",
      "Connection",
    );
    this.declared = { label: name, integration: integrationType, tags: args.tags ?? [] };
  }
}
