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
