/** The backend load bench's operations, cells and results (bench/backend-load.ts). */
import type { BenchBackend } from "./backend-process";

export type Operation = "health" | "create" | "get" | "patch" | "list" | "mixed" | "group-update";
export const OPERATIONS: Operation[] = ["health", "create", "get", "patch", "list", "mixed", "group-update"];
export const SCALE_OPERATIONS: Operation[] = ["mixed", "list"];

export interface LoadCell {
  op: Operation;
  concurrency: number;
  /** Scale cells: the store was filled to this many connections just before. */
  stored?: number;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  /** Peak VmRSS of the backend replicas (summed) during the cell, MiB. */
  peakRssMiB: number;
}

export interface LoadResult {
  /** "PGlite", "PostgreSQL x1", "PostgreSQL x2". */
  engine: string;
  replicas: number;
  cells: LoadCell[];
  rss: { idleMiB: number; peakMiB: number; endMiB: number };
  limits: { seconds: number; requests: number };
  pool: { connections: number; groups: number };
}

export interface LoadOptions {
  engine: string;
  backends: BenchBackend[];
  concurrencies: number[];
  cellSeconds: number;
  cellRequests: number;
  /** Stored-connection counts for the scale cells (at concurrency 16), e.g. [1000, 10000]. */
  scale: number[];
  log: (line: string) => void;
}
