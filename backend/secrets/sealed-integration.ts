/**
 * Splitting a wire integration into what may be stored as is (secrets blanked to "", exactly
 * what the API returns) and the secret values, sealed together. Which fields are secret comes
 * from the rules (`secretPaths`, the catalog), mapped to wire paths with `wirePath`.
 */
import { WireIntegration, integrationFromWire, secretPaths, wirePath } from "pulumi-workflow-connections-rules";
import { Cipher } from "./cipher";

type Path = (string | number)[];

export interface SealedIntegration {
  /** The wire integration with every secret value replaced by "". */
  blanked: WireIntegration;
  /** The secret values and their wire paths, sealed; null when there are none. */
  sealed: string | null;
}

function get(root: unknown, path: Path): unknown {
  let at = root;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

function set(root: unknown, path: Path, value: unknown): void {
  let at = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    if (at[key] === null || typeof at[key] !== "object") return;
    at = at[key] as Record<string | number, unknown>;
  }
  if (at && typeof at === "object" && path.length) at[path[path.length - 1]] = value;
}

/** Wire paths (from the integration) of the secret values in a valid wire integration. */
export function secretWirePaths(wire: WireIntegration): Path[] {
  const { spec } = integrationFromWire(wire, false);
  if (!spec) return [];
  return secretPaths(spec).map((p) => wirePath(spec, p));
}

/** A copy of `wire` with every secret value blanked (what responses show). */
export function blankSecrets(wire: WireIntegration): WireIntegration {
  const copy = structuredClone(wire);
  for (const path of secretWirePaths(wire)) if (get(copy, path) !== undefined) set(copy, path, "");
  return copy;
}

export function sealIntegration(cipher: Cipher, wire: WireIntegration, rowId: string): SealedIntegration {
  const secrets: [Path, unknown][] = [];
  for (const path of secretWirePaths(wire)) {
    const value = get(wire, path);
    if (value !== undefined) secrets.push([path, value]);
  }
  return { blanked: blankSecrets(wire), sealed: secrets.length ? cipher.seal(JSON.stringify(secrets), rowId) : null };
}

export function openIntegration(
  cipher: Cipher,
  blanked: WireIntegration,
  sealed: string | null,
  rowId: string,
): WireIntegration {
  const wire = structuredClone(blanked);
  if (sealed)
    for (const [path, value] of JSON.parse(cipher.open(sealed, rowId)) as [Path, unknown][]) set(wire, path, value);
  return wire;
}
