/** The connections API client: one per target and key pair. */
import { ClientOptions, resolveClientOptions } from "./options";
import { HttpCore } from "./http";
import { Connections } from "./connections";
import { Groups } from "./groups";
import { RestrictionPolicies } from "./restriction-policies";
import { Target } from "./sites";
import { Users } from "./users";
import { Directory } from "./directory";
import { GroupCapabilities, cachedCapabilities } from "./capabilities";

export class ConnectionsClient {
  readonly baseUrl: string;
  /** Where requests go, and whether it is a Datadog site (no group extensions). */
  readonly target: Target;
  readonly connections: Connections;
  readonly groups: Groups;
  readonly policies: RestrictionPolicies;
  /** Who the application key's user is (id, org, roles, teams). */
  readonly users: Users;
  /** Key validation and principal lookups (users, roles, teams). */
  readonly directory: Directory;
  readonly #core: HttpCore;
  /**
   * What the target can do with groups: learned from it with one request (the group list)
   * the first time it is asked, then kept for this client (one per target and key pair).
   */
  readonly capabilities: () => Promise<GroupCapabilities>;

  /** Throws (naming the option and the env var) when keys are missing or the site is not supported. */
  constructor(options: ClientOptions = {}, env: Record<string, string | undefined> = process.env) {
    const core = new HttpCore(resolveClientOptions(options, env));
    this.#core = core;
    this.baseUrl = core.baseUrl;
    this.target = core.target;
    this.capabilities = cachedCapabilities(core);
    this.connections = new Connections(core);
    this.groups = new Groups(core, this.capabilities);
    this.policies = new RestrictionPolicies(core);
    this.users = new Users(core);
    this.directory = new Directory(core);
  }

  /** Closes idle keep-alive sockets (lets a process exit promptly). */
  close(): void {
    this.#core.close();
  }
}
