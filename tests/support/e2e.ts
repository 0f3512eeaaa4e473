/**
 * For end-to-end suites: one real backend per suite, and Pulumi workspaces that target it with a
 * test user's keys (through the environment), all cleaned up when the suite ends.
 */
import { startTestBackend, TestBackend, UserName } from "./backend";
import { PulumiWorkspace } from "./pulumi";

export interface E2E {
  /** The suite's backend (available from the first test on). */
  readonly backend: TestBackend;
  workspace(project: string, options?: { user?: UserName; stack?: string; env?: NodeJS.ProcessEnv }): PulumiWorkspace;
}

/** Call inside a mocha `describe`: registers the before/after hooks. */
export function useBackendAndWorkspaces(): E2E {
  let backend: TestBackend | undefined;
  const workspaces: PulumiWorkspace[] = [];
  before(async () => {
    backend = await startTestBackend();
  });
  after(async () => {
    workspaces.forEach((w) => w.cleanup());
    await backend?.close();
  });
  return {
    get backend() {
      return backend!;
    },
    workspace(project, { user = "alice", stack = "dev", env = {} } = {}) {
      const b = backend!;
      const ws = new PulumiWorkspace(project, stack, {
        CONNECTIONS_API_URL: b.url,
        DD_API_KEY: b.apiKey,
        DD_APP_KEY: b.appKey(user),
        ...env,
      });
      workspaces.push(ws);
      return ws;
    },
  };
}

/** Call inside a mocha `describe`: one more backend (a second target) for the suite, closed when it ends. */
export function useAnotherBackend(): () => TestBackend {
  let backend: TestBackend | undefined;
  before(async () => {
    backend = await startTestBackend();
  });
  after(async () => {
    await backend?.close();
  });
  return () => backend!;
}
