/**
 * What a target can do with groups, learned from the target with one request: the group list
 * (`GET /api/v2/actions/connections/groups?page[size]=1`), which any caller of groups sends
 * anyway. It answers: the target has Datadog's operations (list connections and groups, update
 * a group; one spec change brought all three, so the group list stands for the three). The
 * local backend's answer also carries the header `x-connection-group-extensions` naming its
 * extensions (create, read, delete, members, resolve); Datadog's does not, so a Datadog site
 * costs no request beyond that list. A 404 or 405 means no such route (an older backend, a proxy
 * in front of one): nothing at all. Any other failure (keys, network, 5xx) is thrown as it is:
 * it says nothing about the target.
 */
import { GROUP_EXTENSIONS, GROUP_EXTENSIONS_HEADER, GroupExtension, ROUTES } from "pulumi-workflow-connections-rules";
import type { ApiError } from "./errors/api-error";
import { UnsupportedError } from "./errors/unsupported-error";
import type { HttpCore } from "./http";

export interface GroupCapabilities {
  /** Datadog's operations. */
  listConnections: boolean;
  listGroups: boolean;
  updateGroups: boolean;
  /** The local backend's extensions. */
  createGroups: boolean;
  deleteGroups: boolean;
  resolveGroups: boolean;
  /** Read one group by id (else: the list filtered by id). */
  readGroups: boolean;
  /** Add and remove members one by one. */
  groupMembers: boolean;
}

/** The extensions a header value names (unknown words ignored). */
function extensionsOf(value: unknown): Set<GroupExtension> {
  const text = Array.isArray(value) ? value.join(",") : typeof value === "string" ? value : "";
  const words = text.split(",").map((w) => w.trim().toLowerCase());
  return new Set(GROUP_EXTENSIONS.filter((e) => words.includes(e)));
}

function headerOf(headers: Record<string, unknown>, name: string): unknown {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

export const NO_CAPABILITIES: GroupCapabilities = {
  listConnections: false,
  listGroups: false,
  updateGroups: false,
  createGroups: false,
  deleteGroups: false,
  resolveGroups: false,
  readGroups: false,
  groupMembers: false,
};

/** Ask the target (one request). */
export async function learnCapabilities(core: HttpCore): Promise<GroupCapabilities> {
  const path = ROUTES.groups;
  try {
    const res = await core.request({
      method: "GET",
      path,
      query: { "page[size]": 1 },
      mapError: (error: ApiError) =>
        error.status === 404 || error.status === 405
          ? new UnsupportedError({
              method: "GET",
              path,
              status: error.status,
              summary: `${error.status} on ${path}: no such route`,
            })
          : error,
    });
    // Datadog serves none of the extensions, whatever a response might claim.
    const ext = core.target.isDatadog
      ? new Set<GroupExtension>()
      : extensionsOf(headerOf(res.headers, GROUP_EXTENSIONS_HEADER));
    return {
      listConnections: true,
      listGroups: true,
      updateGroups: true,
      createGroups: ext.has("create"),
      deleteGroups: ext.has("delete"),
      resolveGroups: ext.has("resolve"),
      readGroups: ext.has("read"),
      groupMembers: ext.has("members"),
    };
  } catch (err) {
    if (err instanceof UnsupportedError) return NO_CAPABILITIES;
    throw err;
  }
}

/** `learnCapabilities` once per client: the answer is kept; a failure is not (the next call asks again). */
export function cachedCapabilities(core: HttpCore): () => Promise<GroupCapabilities> {
  let answer: Promise<GroupCapabilities> | undefined;
  return () => {
    if (!answer) {
      answer = learnCapabilities(core);
      answer.catch(() => (answer = undefined));
    }
    return answer;
  };
}
