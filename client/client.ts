/** The connections API client: one per target and key pair. */
import { ClientOptions, resolveClientOptions } from "./options";
import { HttpCore } from "./http";
import { Connections } from "./connections";
import { Groups } from "./groups";
import { RestrictionPolicies } from "./restriction-policies";
import { Target } from "./sites";
import { Users } from "./users";
import { Directory } from "./directory";

export class ConnectionsClient {
  readonly baseUrl: string;
  /** Where requests go, and whether it is a Datadog site (no listing, no groups). */
  readonly target: Target;
  readonly connections: Connections;
  readonly groups: Groups;
  readonly policies: RestrictionPolicies;
  /** Who the application key's user is (id, org, roles, teams). */
  readonly users: Users;
  /** Key validation and principal lookups (users, roles, teams). */
  readonly directory: Directory;
  readonly #core: HttpCore;

  /** Throws (naming the option and the env var) when keys are missing or the site is not supported. */
  constructor(options: ClientOptions = {}, env: Record<string, string | undefined> = process.env) {
    const core = new HttpCore(resolveClientOptions(options, env));
    this.#core = core;
    this.baseUrl = core.baseUrl;
    this.target = core.target;
    this.connections = new Connections(core);
    this.groups = new Groups(core);
    this.policies = new RestrictionPolicies(core);
    this.users = new Users(core);
    this.directory = new Directory(core);
  }

  /** Closes idle keep-alive sockets (lets a process exit promptly). */
  close(): void {
    this.#core.close();
  }
}
