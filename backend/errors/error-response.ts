/**
 * JSON:API errors, as Datadog sends them:
 * `{"errors":[{"status":"400","title":"Bad Request","detail":"...","source":{"pointer":"/data/attributes/name"}}]}`.
 * Anything the API refuses is thrown as an `ErrorResponse`; the app's error handler renders it.
 */
import { STATUS_CODES } from "node:http";
import { RuleIssue, formatIssue } from "pulumi-workflow-connections-rules";

export interface ErrorObject {
  status: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string; header?: string };
}

/** The standard reason phrase ("Bad Request"), as Node's own HTTP server sends it. */
export function titleFor(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? "Server Error" : "Client Error");
}

export interface Problem {
  detail: string;
  pointer?: string;
  parameter?: string;
  header?: string;
}

/**
 * The most error entries one response carries: a request listing thousands of bad ids gets the
 * first ones and a count of the rest, not a response of megabytes.
 */
export const MAX_ERROR_ENTRIES = 20;

/** The first MAX_ERROR_ENTRIES - 1 problems, then one entry counting those left out. */
function capped(list: Problem[]): Problem[] {
  if (list.length <= MAX_ERROR_ENTRIES) return list;
  const kept = list.slice(0, MAX_ERROR_ENTRIES - 1);
  const more = list.length - kept.length;
  return [
    ...kept,
    {
      detail: `and ${more} more problems of the same request, not listed (one response lists at most ${MAX_ERROR_ENTRIES} entries)`,
    },
  ];
}

export class ErrorResponse extends Error {
  readonly problems: Problem[];

  constructor(
    readonly status: number,
    problems: Problem | Problem[],
  ) {
    const list = capped(Array.isArray(problems) ? problems : [problems]);
    super(list.map((p) => p.detail).join("; "));
    this.name = "ErrorResponse";
    this.problems = list;
  }

  toBody(): { errors: ErrorObject[] } {
    return {
      errors: this.problems.map((p) => {
        const error: ErrorObject = { status: String(this.status), title: titleFor(this.status), detail: p.detail };
        if (p.pointer !== undefined) error.source = { pointer: p.pointer };
        else if (p.parameter !== undefined) error.source = { parameter: p.parameter };
        else if (p.header !== undefined) error.source = { header: p.header };
        return error;
      }),
    };
  }
}

const MAX_SEGMENT = 80;

/**
 * `["data", "attributes", "tags", 1]` -> `/data/attributes/tags/1` (RFC 6901). A segment longer
 * than any field name (a hostile key) is not echoed: the pointer stops at its parent.
 */
export function pointer(path: readonly (string | number)[]): string {
  const long = path.findIndex((p) => String(p).length > MAX_SEGMENT);
  const kept = long < 0 ? path : path.slice(0, long);
  return kept.map((p) => "/" + String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/**
 * Rule issues -> problems. `toWire` maps an issue's path (in the rules' shape) to the path under
 * `/data/attributes` on the wire; the detail reads like the rules' own `formatIssue`, spelled
 * with wire names so it matches what the client sent.
 */
export function issueProblems(
  issues: readonly RuleIssue[],
  toWire: (path: (string | number)[]) => (string | number)[],
): Problem[] {
  return issues.map((issue) => {
    const wire = toWire(issue.path);
    return {
      detail: formatIssue({ path: wire, message: issue.message }) || issue.message,
      pointer: pointer(["data", "attributes", ...wire]),
    };
  });
}

export const conflict = (detail: string | Problem[]) =>
  new ErrorResponse(409, typeof detail === "string" ? { detail } : detail);
