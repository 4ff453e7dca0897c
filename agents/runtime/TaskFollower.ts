import { taskKey } from "../chain/escrow/baseClient.js";
import type { EscrowChange, EscrowWatch, WatchBatch } from "../chain/escrowWatch.js";
import { statusAfter, TASK_STATUSES, type TaskStatus } from "../protocol/taskLifecycle.js";
import type { EscrowTask, TaskRef } from "./ports.js";

/** A task's statuses come in TASK_STATUSES' order (None, Funded, Submitted, Disputed, then one terminal status). */
const later = (a: TaskStatus, b: TaskStatus): boolean => TASK_STATUSES.indexOf(a) > TASK_STATUSES.indexOf(b);

/** What one look at the chain gave an agent. */
export interface ChainLook {
  /** The latest block's timestamp: the escrow's clock. */
  now: bigint;
  /** Everything followed must be read afresh (the first look, or the watcher may have missed events). */
  resync: boolean;
  /** Events of followed tasks since the previous look, in chain order (the one the agent claimed a task by included). */
  changes: EscrowChange[];
}

/**
 * Which of an agent's tasks it must read from the chain, so that an idle agent reads none: it
 * follows its own tasks (from the event that `claims` accepts, and what it adds on a resync),
 * notes which of them an escrow event touched (through the process's one {@link EscrowWatch}),
 * and remembers what each read found. A task is read again when an event touched it, when the
 * agent's own decision on what it last saw would act at the chain's current time (a deadline
 * passed), after a resync, or after a step on it failed; a settled task is unfollowed.
 *
 * @example
 * const follower = new TaskFollower(escrow.watch, (c) => c.eventName === "TaskFunded" && isAddressEqual(c.worker, me));
 * const look = await follower.look();
 * for (const t of follower.followed()) if (follower.due(t, (seen, now) => decide(seen, now).kind === "wait")) await step(t);
 */
export class TaskFollower {
  readonly #watch: EscrowWatch;
  readonly #claims: (change: EscrowChange) => boolean;
  readonly #followed = new Map<string, TaskRef>();
  readonly #seen = new Map<string, EscrowTask>();
  /** Per task touched since the last look: the status its last event moved it to (null: read it whatever it was). */
  #pending = new Map<string, TaskStatus | null>();
  #touched = new Map<string, TaskStatus | null>();
  #changes: EscrowChange[] = [];
  #resyncPending = true;
  #resync = false;
  #now = 0n;
  readonly #unsubscribe: () => void;

  /** `claims` sees each event of a task not followed and says whether to follow it from then on (a TaskFunded naming the agent, say). */
  constructor(watch: EscrowWatch, claims: (change: EscrowChange) => boolean) {
    this.#watch = watch;
    this.#claims = claims;
    this.#unsubscribe = watch.subscribe((b) => this.#take(b));
  }

  #take(batch: WatchBatch): void {
    this.#now = batch.now;
    if (batch.resync) this.#resyncPending = true;
    for (const c of batch.changes) {
      const key = taskKey(c);
      if (!this.#followed.has(key)) {
        if (!this.#claims(c)) continue;
        this.#followed.set(key, { client: c.client, taskId: c.taskId });
      }
      this.#changes.push(c);
      // A cancel request changes no status and no decision: it is kept, not read for.
      const status = statusAfter(c.eventName);
      if (status) this.#pending.set(key, status);
    }
  }

  /**
   * Only polls the process's watcher (its batches are kept for the next look). An agent polls
   * before queueing its tick, so its queue is not held while the node answers, then looks with
   * `{ poll: false }` from the queue.
   */
  poll(): Promise<void> {
    return this.#watch.poll();
  }

  /** Polls the process's watcher (unless `poll: false`: the caller just did) and starts a new look: what changed since the previous one. */
  async look(opts: { poll?: boolean } = {}): Promise<ChainLook> {
    if (opts.poll !== false) await this.#watch.poll();
    this.#touched = this.#pending;
    this.#pending = new Map();
    this.#resync = this.#resyncPending;
    this.#resyncPending = false;
    const changes = this.#changes;
    this.#changes = [];
    return { now: this.#now, resync: this.#resync, changes };
  }

  /** The chain's time at the last look. */
  get now(): bigint {
    return this.#now;
  }

  follow(task: TaskRef): void {
    this.#followed.set(taskKey(task), { client: task.client, taskId: task.taskId });
  }

  /** Settled, or not ours after all: no event or deadline of it is looked at again. */
  unfollow(task: TaskRef): void {
    const key = taskKey(task);
    this.#followed.delete(key);
    this.#seen.delete(key);
  }

  /** Every task followed, oldest first. */
  followed(): TaskRef[] {
    return [...this.#followed.values()];
  }

  /** What the last read of `task` found, if it was read since it was followed. */
  seen(task: TaskRef): EscrowTask | undefined {
    return this.#seen.get(taskKey(task));
  }

  /** Records a fresh read of `task` (its steps call this after each getTask). */
  saw(task: TaskRef, chain: EscrowTask): void {
    const key = taskKey(task);
    if (this.#followed.has(key)) this.#seen.set(key, chain);
  }

  /** A step on `task` failed: read it again at the next look. */
  retry(task: TaskRef): void {
    this.#pending.set(taskKey(task), null);
  }

  /**
   * Whether `task` must be read now: on a resync; when never read since followed; when an event
   * moved it past the status last seen (a task only moves forward, so an event the last read
   * already reflects, the agent's own step after its own transaction, costs no read); after a
   * failed step; or when `waits` says the agent would act on what it last saw at the chain's
   * current time (pass the agent's own pure decision: a deadline passed).
   */
  due(task: TaskRef, waits: (seen: EscrowTask, now: bigint) => boolean): boolean {
    if (this.#resync) return true;
    const key = taskKey(task);
    const seen = this.#seen.get(key);
    if (!seen) return true;
    const moved = this.#touched.get(key);
    if (moved === null || (moved !== undefined && later(moved, seen.status))) return true;
    return !waits(seen, this.#now);
  }

  close(): void {
    this.#unsubscribe();
  }
}
