/**
 * Runs async jobs one at a time, in arrival order. An agent funnels every message and every
 * tick through one queue, so its decisions never interleave (no double fund, no double submit).
 * A failing job is reported to `onError` and does not stop the queue.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly onError: (err: unknown) => void) {}

  push(job: () => Promise<void>): Promise<void> {
    this.pending++;
    const run = this.tail.then(job).catch(this.onError).finally(() => this.pending--);
    this.tail = run;
    return run;
  }

  /** Resolves when every job pushed so far has finished. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }

  get busy(): boolean {
    return this.pending > 0;
  }
}
