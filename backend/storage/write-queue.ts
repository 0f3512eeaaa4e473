/**
 * Every write goes through one queue, one at a time, each in its own SQL transaction. The rules
 * that span rows (a group's members must not clash, a member cannot be deleted) are checked
 * inside that same transaction, so two conflicting writes can never both pass their checks.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the backend is shutting down; the write was not applied"));
    const result = this.tail.then(job);
    // The queue continues whether a job failed or not; the caller sees the failure.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Refuse new writes and wait for the queued ones to finish. */
  async drain(): Promise<void> {
    this.closed = true;
    await this.tail;
  }
}
