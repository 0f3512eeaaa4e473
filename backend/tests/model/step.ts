/** What every command does around its request: the per-response checks and the per-step invariants. */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import type { ApiResponse, Method } from "../../../tests/support/backend";
import { afterStep, checkResponse } from "./invariants";
import type { Actor, Model } from "./model";
import type { Real } from "./system";

export const ok = (res: ApiResponse) => res.status >= 200 && res.status < 300;
export const pick = <T>(list: readonly T[], i: number): T | undefined =>
  list.length ? list[i % list.length] : undefined;
export const snapshot = (m: Model): Model => structuredClone(m);

/** "agree": the backend accepts exactly the writes the model accepts. */
export function agree(real: Real, expected: boolean, res: ApiResponse, what: string): void {
  if (real.checks.has("agree"))
    assert.equal(
      ok(res),
      expected,
      `${what}: the model ${expected ? "accepts" : "refuses"} it, the backend answered ${res.status} ${JSON.stringify(res.body)}`,
    );
}

/** "editor": a connection's editor's change or delete is refused only for a group they may edit. */
export function editorMay(real: Real, mayRefuse: boolean, res: ApiResponse, what: string): void {
  if (real.checks.has("editor") && !mayRefuse)
    assert.ok(ok(res), `${what}: the connection's editor was refused (${res.status}): ${JSON.stringify(res.body)}`);
}

/**
 * "answers": a request about something the caller may not view is answered exactly as the same
 * request about an id that does not exist (same status, same body but for the id).
 */
export async function sameAsMissing(
  real: Real,
  who: Actor,
  method: Method,
  path: string,
  hiddenId: string,
  body: unknown,
  res: ApiResponse,
  what: string,
): Promise<void> {
  if (!real.checks.has("answers")) return;
  const missing = crypto.randomUUID();
  const swap = (text: string, from: string, to: string) => text.split(from).join(to);
  const other = await real.sys.send(
    who,
    method,
    swap(path, hiddenId, missing),
    body === undefined ? undefined : JSON.parse(swap(JSON.stringify(body), hiddenId, missing)),
  );
  const seen = { status: res.status, body: res.body };
  const expected = {
    status: other.status,
    body: JSON.parse(swap(JSON.stringify(other.body ?? null), missing, hiddenId)) ?? undefined,
  };
  assert.deepEqual(
    seen,
    expected,
    `${what}: the answer about a hidden resource differs from the answer about one that does not exist`,
  );
}

/** After the request(s): each response's leak check (what the step's requests named may come back), then the invariants. */
export async function finish(
  real: Real,
  who: Actor,
  before: Model,
  after: Model,
  responses: ApiResponse[],
  what: string,
): Promise<void> {
  const sent = real.sys.sent.splice(0).join("\n");
  for (const res of responses) checkResponse(real, who, before, after, res, what, sent);
  await afterStep(after, real);
}
