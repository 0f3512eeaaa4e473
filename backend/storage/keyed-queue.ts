/**
 * One WriteQueue per key (e.g. per group), created on first use and dropped once it is idle, so
 * jobs of one key run one at a time and jobs of different keys do not wait for each other.
 */
import { WriteQueue } from "./write-queue";

export class KeyedQueue {
  private readonly queues = new Map<string, { queue: WriteQueue; pending: number }>();

  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    let entry = this.queues.get(key);
    if (!entry) this.queues.set(key, (entry = { queue: new WriteQueue(), pending: 0 }));
    const current = entry;
    current.pending++;
    return current.queue.run(job).finally(() => {
      if (--current.pending === 0 && this.queues.get(key) === current) this.queues.delete(key);
    });
  }

  /** Keys with a job queued or running (for tests: the map does not grow without bound). */
  get size(): number {
    return this.queues.size;
  }
}
