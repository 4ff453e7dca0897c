import type { Address } from "viem";
import type { Message } from "../protocol/messages.js";
import type { Delivery, Endpoint, Sender } from "../transport/Transport.js";
import type { Clock, Logger } from "./ports.js";
import { poll } from "./poll.js";
import { SerialQueue } from "./SerialQueue.js";
import { tell } from "./tell.js";

export interface AgentLoopDeps {
  endpoint: Endpoint;
  clock: Clock;
  log: Logger;
  /** Re-read the chain this often (ms); 0 or undefined leaves ticking to the caller. */
  pollIntervalMs?: number;
}

/**
 * What every agent shares: it listens to its endpoint, runs every message and every tick through
 * one serial queue (so its decisions never interleave), polls the chain, and stops cleanly.
 * Subclasses say what a message and a tick do.
 */
export abstract class AgentLoop {
  protected readonly queue: SerialQueue;
  protected readonly clock: Clock;
  protected readonly log: Logger;
  protected stopped = false;
  /** Work running beside the queue ({@link aside}): no step waits for it; idle() and stop() do. */
  readonly #aside = new Set<Promise<void>>();
  #unsubscribe?: () => void;
  #stopPolling?: () => void;

  protected constructor(private readonly loop: AgentLoopDeps) {
    this.clock = loop.clock;
    this.log = loop.log;
    this.queue = new SerialQueue((err) => this.log.warn("step failed", { error: String(err) }));
  }

  /**
   * Handles one message addressed to this agent, already parsed and with its sender checked
   * against the identity registry (a switch over its type, with a never guard).
   */
  protected abstract onMessage(m: Message, from: Sender): void;

  /** Sends to each recipient; failures are logged, never thrown (see {@link tell}). */
  protected tell(to: Address | readonly Address[], m: Message): Promise<number> {
    return tell(this.loop.endpoint, this.log, to, m);
  }

  /**
   * Runs `job` beside the queue: for what waits on someone else and decides nothing, such as a
   * review the indexer takes only once it has ingested the settlement (retried for seconds). The
   * agent's other tasks go on meanwhile; idle() and stop() wait for it. A failure is logged.
   */
  protected aside(job: () => Promise<void>): void {
    const run: Promise<void> = Promise.resolve()
      .then(job)
      .catch((err: unknown) => this.log.warn("step failed", { error: String(err) }))
      .finally(() => this.#aside.delete(run));
    this.#aside.add(run);
  }

  /** Re-reads the chain and takes the next step on every task of this agent. */
  abstract tick(): Promise<void>;

  /** The first look at the chain on start-up; a plain tick unless the agent must recover more. */
  protected startup(): Promise<void> {
    return this.tick();
  }

  /** Extra clean-up when stopping (timers of its own). */
  protected onStop(): void {}

  async start(): Promise<void> {
    this.#unsubscribe = this.loop.endpoint.onMessage((d: Delivery) => this.onMessage(d.message, d.from));
    await this.startup();
    if (this.loop.pollIntervalMs) this.#stopPolling = poll(this.clock, this.loop.pollIntervalMs, () => this.tick());
  }

  /**
   * Stops taking work (no ticks, no messages, no timers), lets the step under way finish, so its
   * sends (a manager's report right after a release) go out, then closes the endpoint. A step
   * still running after `drainMs` (default 10 s; an LLM call, an unreachable peer's backoff) meets
   * a closed endpoint instead.
   */
  async stop(drainMs = 10_000): Promise<void> {
    this.stopped = true;
    this.#stopPolling?.();
    this.#unsubscribe?.();
    this.onStop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#drain(), new Promise<void>((r) => (timer = setTimeout(r, drainMs)))]);
    clearTimeout(timer);
    await this.loop.endpoint.close();
    await this.#drain();
  }

  /** Resolves once the queue is empty and nothing runs beside it (a queued step may set work aside, and that work may queue a step). */
  async #drain(): Promise<void> {
    while (this.queue.busy || this.#aside.size > 0) await Promise.all([this.queue.idle(), ...this.#aside]);
  }

  idle(): Promise<void> {
    return this.#drain();
  }

  /** True while a message or tick is being handled, or work set aside still runs. */
  get busy(): boolean {
    return this.queue.busy || this.#aside.size > 0;
  }
}
