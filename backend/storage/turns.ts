/**
 * PGlite runs each query synchronously on the event loop, and queries waiting for it resume one
 * another in microtasks: hundreds of queued reads would run back to back without the event loop
 * ever polling a socket (a `/health` request waited seconds behind 200 list requests). So reads
 * take turns, one at a time, each after a macrotask turn (`setImmediate`), and every query of a
 * write transaction is preceded by one too: between any two queries, other requests are served.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class Turns {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(nextTurn).then(job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Ids per statement when a statement's work grows with a list a request gave (a group's
 * members): each statement stays short, and PGlite serves other requests between them.
 */
export const LIST_CHUNK = 500;

/** `ids` in chunks of LIST_CHUNK. */
export function chunks<T>(ids: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < ids.length; at += LIST_CHUNK) out.push(ids.slice(at, at + LIST_CHUNK));
  return out;
}
