/**
 * An explicit target: where a resource lives (a Datadog site, or the URL of a connections
 * backend) and the keys to reach it, as `new datadog.Provider(...)` is for native providers.
 * Dynamic resources cannot take a custom `provider` option (their provider is the dynamic one),
 * so a resource names its target with the `target` input:
 *
 *   const eu = new ConnectionsTarget("eu", { site: "datadoghq.eu", apiKey, appKey });
 *   new Connection("x", { ..., target: eu });
 *
 * Without `target`, a resource uses the default: stack config (`connections:*`), else the
 * environment (DD_API_KEY, DD_APP_KEY, DD_SITE, CONNECTIONS_API_URL). An explicit target uses
 * its own properties only. It is a plain object, not a resource: nothing of it is stored but
 * the `target` input of each resource that names it, whose keys are always secret.
 */
import * as pulumi from "@pulumi/pulumi";

export interface ConnectionsTargetArgs {
  /** A Datadog site, e.g. `datadoghq.eu`. Default `datadoghq.com` when neither this nor `apiUrl` is given. */
  site?: string;
  /**
   * An explicit base URL instead of a site, e.g. a local backend `http://127.0.0.1:8080`.
   * `http://` only for a loopback host (127.0.0.0/8, ::1, localhost), unless `allowInsecureHttp`.
   */
  apiUrl?: string;
  /**
   * Allow an `http://` apiUrl to a host that is not loopback: both keys then travel in clear text
   * on every request, and preview warns. Never allows plain HTTP to a Datadog host.
   */
  allowInsecureHttp?: boolean;
  /** The API key (stored as a secret), e.g. `config.requireSecret("euApiKey")`. */
  apiKey: pulumi.Input<string>;
  /** The application key (stored as a secret); its user is who Pulumi acts as. */
  appKey: pulumi.Input<string>;
}

/** What a resource's `target` input holds (the provider's TargetSpec, keys secret). */
export interface TargetInput {
  name: string;
  site?: string;
  apiUrl?: string;
  allowInsecureHttp?: boolean;
  apiKey: pulumi.Input<string>;
  appKey: pulumi.Input<string>;
}

export class ConnectionsTarget {
  /** @internal The value every resource naming this target gets as its `target` input. */
  readonly input: TargetInput;

  constructor(
    readonly name: string,
    args: ConnectionsTargetArgs,
  ) {
    const input: TargetInput = {
      name,
      apiKey: pulumi.secret(args.apiKey ?? ""),
      appKey: pulumi.secret(args.appKey ?? ""),
    };
    // Only what was given: a site-only target keeps no apiUrl key (and the reverse), so the
    // resource's inputs stay the same shape run after run.
    if (args.site !== undefined) input.site = args.site;
    if (args.apiUrl !== undefined) input.apiUrl = args.apiUrl;
    if (args.allowInsecureHttp === true) input.allowInsecureHttp = true;
    this.input = input;
  }
}
