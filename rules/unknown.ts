/**
 * Pulumi's "unknown" sentinels. During `pulumi preview`, a value that depends on another
 * resource's output reaches a dynamic provider as one of these strings (one per expected type),
 * even where an array or object is expected. Rules skip what they cannot know yet; `check`
 * runs again with real values before anything is applied.
 * Values: sdk/go/common/resource/plugin/rpc.go in pulumi/pulumi.
 */
export const UNKNOWN_SENTINELS: readonly string[] = [
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (and the generic one the Node SDK uses)
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // bool
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
];

/** The sentinel the Node.js SDK itself uses for any unknown value. */
export const UNKNOWN = UNKNOWN_SENTINELS[0];

export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && UNKNOWN_SENTINELS.includes(value);
}

/** True when the value at `path` inside `root`, or any value on the way there, is unknown. */
export function pathHitsUnknown(root: unknown, path: readonly PropertyKey[]): boolean {
  let current: unknown = root;
  for (const key of path) {
    if (isUnknown(current)) return true;
    if (current === null || typeof current !== "object") return false;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return isUnknown(current);
}
