import { getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { toHash32 } from "../protocol/codecs.js";
import type { Sender } from "../transport/Transport.js";
import { specHash } from "../protocol/hashes.js";
import type { Message, ReportMessage } from "../protocol/messages.js";
import { TaskSpec } from "../protocol/task.js";
import { AgentLoop } from "../runtime/AgentLoop.js";
import { consoleLogger } from "../runtime/logger.js";
import { MemoryStore } from "../runtime/MemoryStore.js";
import { systemClock } from "../runtime/ports.js";
import { AgentTaskStore } from "../runtime/TaskStore.js";
import type { AnnouncedTask } from "../protocol/announcedTask.js";
import { announcedTasks } from "./announcedTasks.js";
import { closeBidding, takeBid } from "./awardLoop.js";
import type { ManagerCore, ManagerDeps, ManagerOptions, TaskRecord } from "./managerTypes.js";
import { awardedTaskIds, recover } from "./recovery.js";
import { followManagerTasks } from "./followTasks.js";
import { TaskFollower } from "../runtime/TaskFollower.js";
import { takeResult } from "./resultIntake.js";
import { sendEvidence, stepTask, taskRef } from "./settle.js";

export type { ManagerDeps, ManagerOptions } from "./managerTypes.js";

const DEFAULTS: ManagerOptions = { bidWindowMs: 2_000, acceptScore: 0.7, minBidValiditySeconds: 60n, resultGraceSeconds: 60n, pollIntervalMs: 0, hostDecides: false };

/**
 * The client side of the contract net: announces tasks, awards by funding the escrow with the
 * winning signed bid (awardLoop.ts), checks the result (resultIntake.ts), judges and settles,
 * learns and reviews (settle.ts). Every inbound message and every tick runs through one serial
 * queue; chain state is re-read on each step, so a restarted manager picks up where the chain
 * says it is (recovery.ts).
 */
export class Manager extends AgentLoop {
  readonly address: Address;
  protected readonly core: ManagerCore;
  private readonly waiters = new Map<Hex, ((r: ReportMessage) => void)[]>();
  /** The escrows this manager funded that are not settled yet, and what their last read found. */
  private readonly follower: TaskFollower;

  constructor(deps: ManagerDeps) {
    const address = getAddress(deps.signer.address);
    // An option given as undefined keeps its default (config files leave most of them out).
    const given = Object.fromEntries(Object.entries(deps.options ?? {}).filter(([, v]) => v !== undefined));
    const options: ManagerOptions = { ...DEFAULTS, ...given };
    super({ endpoint: deps.endpoint, clock: deps.clock ?? systemClock, log: deps.log ?? consoleLogger(`manager ${address.slice(0, 8)}`), pollIntervalMs: options.pollIntervalMs });
    this.address = address;
    this.follower = new TaskFollower(deps.escrow.watch, (c) => c.eventName === "TaskFunded" && isAddressEqual(c.client, address));
    this.core = {
      address,
      deps,
      options,
      log: this.log,
      clock: this.clock,
      tasks: new AgentTaskStore<TaskRecord>(deps.store ?? new MemoryStore()),
      tell: (to, m) => this.tell(to, m),
      bids: new Map(),
      notAsked: new Map(),
      windows: new Map(),
      report: (taskId, report) => this.report(taskId, report),
      aside: (job) => this.aside(job),
      follower: this.follower,
    };
  }

  /** On start-up, rebuilds from the chain: every funded task of ours is resumed (the first look is that catch-up read). */
  protected override startup(): Promise<void> {
    return this.queue.push(async () => {
      for (const id of awardedTaskIds(this.core)) this.follower.follow(taskRef(this.core, id));
      await this.follower.look();
      await recover(this.core);
    });
  }

  protected override onStop(): void {
    this.follower.close();
    for (const h of this.core.windows.values()) this.clock.clearTimeout(h);
    this.core.windows.clear();
  }

  /**
   * Announces a task to the agents the registry lists with its skills (at most K of them, chosen
   * by market/candidates.ts) and opens its bid window.
   *
   * @example
   * const taskId = await manager.announce(spec);
   * const report = await manager.outcome(taskId);
   */
  async announce(input: unknown): Promise<Hex> {
    const { deps, options } = this.core;
    const spec = TaskSpec.parse(input);
    const taskId = spec.taskId;
    const hash = specHash(spec);
    // Discovery that fails (an indexer down) asks nobody: the task ends unawarded, nothing is lost.
    const { asked, notAsked, teamCall } = await deps.market.solicit(spec).catch((err: unknown) => {
      this.log.warn("discovery failed: nobody asked", { taskId, reason: (err as Error).message });
      return { asked: [], notAsked: [], teamCall: undefined };
    });
    const announcedAt = Number(await deps.escrow.now());
    this.core.tasks.save(taskId, { spec, specHash: hash, phase: "bidding", finalized: false, announcedAt, bidsReceived: 0, asked, ...(teamCall ? { teamCall } : {}) });
    this.core.bids.set(taskId, []);
    this.core.notAsked.set(taskId, notAsked);
    this.log.info("announcing", { taskId, asked: asked.map((a) => a.agentId), notAsked: notAsked.length, teamCall: teamCall ?? false });
    const endsAt = this.clock.now() + options.bidWindowMs;
    if (!options.hostDecides) this.core.windows.set(taskId, this.clock.setTimeout(() => void this.queue.push(() => closeBidding(this.core, taskId)), options.bidWindowMs));
    // Point to point: the announcement goes to each asked agent only.
    await this.tell(asked.map((a) => a.address), { type: "announce", manager: this.address, chainId: deps.escrow.chainId, escrow: deps.escrow.address, spec, specHash: hash, bidWindowEndsAt: endsAt, ...(teamCall ? { teamCall } : {}) });
    return taskId;
  }

  /** Resolves with the final report of a task (release, refund, ruling...). */
  outcome(taskId: Hex): Promise<ReportMessage> {
    const id = toHash32(taskId);
    const done = this.task(id);
    if (done?.finalized && done.outcome)
      return Promise.resolve({ type: "report", taskId: id, reporter: this.address, worker: done.winner?.worker, outcome: done.outcome, score: done.score });
    return new Promise((resolve) => this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]));
  }

  /**
   * Looks at the chain (one poll of the process's escrow watcher) and takes the next step on each
   * awarded, unsettled task that needs one: an event touched it or a deadline passed
   * (followTasks.ts). A settled task is not read again.
   */
  tick(): Promise<void> {
    // The node is asked before the queue: bids, awards and results are not held up while it answers.
    if (this.stopped) return Promise.resolve();
    return this.follower.poll().then(
      () =>
        this.queue.push(async () => {
          if (this.stopped) return;
          await followManagerTasks(this.core, this.follower, { polled: true });
        }),
      (err: unknown) => this.log.warn("step failed", { error: String(err) }),
    );
  }

  /** Sends its evidence of a disputed task to `jurors` (a jury's seated panel, drawn after the dispute); resolves with how many accepted. */
  async sendEvidence(taskId: Hex, jurors: readonly Address[]): Promise<number> {
    let accepted = 0;
    await this.queue.push(async () => void (accepted = await sendEvidence(this.core, toHash32(taskId), jurors, "dispute evidence for the seated jury")));
    return accepted;
  }

  /** Every task this manager announced with its public steps (announced, bids received), never a bid's contents. */
  announced(): AnnouncedTask[] {
    return announcedTasks(this.core);
  }

  /** What this manager keeps about a task (undefined for one it never announced). */
  task(taskId: Hex): TaskRecord | undefined {
    return this.core.tasks.load(taskId);
  }

  protected override onMessage(m: Message, from: Sender): void {
    switch (m.type) {
      case "bid":
        void this.queue.push(() => takeBid(this.core, m, from));
        return;
      case "result":
        void this.queue.push(() => takeResult(this.core, m, from));
        return;
      case "report":
        // A counterpart's report (decline, ruling...) is only a hint to re-read the chain.
        if (this.task(m.taskId)?.phase === "awarded") void this.queue.push(() => stepTask(this.core, m.taskId));
        return;
      case "announce":
      case "award":
      case "reject":
      case "cancel":
      case "evidence":
      case "team-sign":
      case "team-submit":
      case "team-submit-answer":
        return; // never addressed to a manager
      case "team-answer":
        return; // a member's answer goes to the TeamPort waiting for it (teamSigning.ts), not through the queue
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  private async report(taskId: Hex, p: Omit<ReportMessage, "type" | "taskId" | "reporter">): Promise<void> {
    const report: ReportMessage = { type: "report", taskId, reporter: this.address, ...p };
    // A team wallet has no endpoint: its members' agents hear the report (its lead settles for the team).
    const members = this.core.tasks.load(taskId)?.winner?.team?.members.map((m) => m.address);
    if (p.worker) await this.tell(members ?? p.worker, report);
    if (p.outcome === "disputed") return;
    for (const w of this.waiters.get(taskId) ?? []) w(report);
    this.waiters.delete(taskId);
  }
}
