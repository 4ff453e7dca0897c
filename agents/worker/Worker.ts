import { getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { BidTerms, type Message, type RejectMessage } from "../protocol/messages.js";
import type { Sender } from "../transport/Transport.js";
import { AgentLoop } from "../runtime/AgentLoop.js";
import { memberRound } from "../runtime/memberRound.js";
import { SerialQueue } from "../runtime/SerialQueue.js";
import { consoleLogger } from "../runtime/logger.js";
import { MemoryStore } from "../runtime/MemoryStore.js";
import { systemClock } from "../runtime/ports.js";
import { AgentTaskStore } from "../runtime/TaskStore.js";
import { ReputationTracker } from "../market/reputation.js";
import { bidOn } from "./bidding.js";
import { deliverAsTeamLead } from "./teamDelivery.js";
import { leadsTeam, settleAsTeamLead } from "./teamSettle.js";
import { answerTeamSign } from "./teamSigning.js";
import { answerTeamSubmit } from "./teamSubmit.js";
import { stepTask, takeAward } from "./workTask.js";
import { followWorkerTasks } from "./followTasks.js";
import { TaskFollower } from "../runtime/TaskFollower.js";
import type { WorkerCore, WorkerDeps, WorkerRecord } from "./workerTypes.js";

export type { WorkerDeps } from "./workerTypes.js";

/**
 * The seller side: bids on announcements it is capable of (bidding.ts), and once the escrow
 * names it as worker it executes, submits the result hash on-chain, delivers the result
 * off-chain, claims an auto-release when the client stays silent, declines what it cannot
 * finish, and reviews the client (workTask.ts). The chain, not memory, says which tasks it
 * holds, so a restart loses nothing.
 */
export class Worker extends AgentLoop {
  readonly address: Address;
  private readonly core: WorkerCore;
  /** The team rounds this worker leads run beside its queue, so waiting for fellow members never holds up its answers to them. */
  private readonly teamQueue = new SerialQueue((err) => this.log.warn("team step failed", { error: String(err) }));
  private readonly teamRound?: ReturnType<typeof memberRound>;
  /** The tasks the escrow names us worker of that are not settled yet, and what their last read found. */
  private readonly follower: TaskFollower;

  constructor(deps: WorkerDeps) {
    super({ endpoint: deps.endpoint, clock: deps.clock ?? systemClock, log: deps.log ?? consoleLogger(`worker ${deps.profile.agentId}`), pollIntervalMs: deps.pollIntervalMs });
    this.address = getAddress(deps.signer.address);
    const store = deps.store ?? new MemoryStore();
    const address = this.address;
    this.follower = new TaskFollower(deps.escrow.watch, (c) => c.eventName === "TaskFunded" && isAddressEqual(c.worker, address));
    this.core = { address, deps, log: this.log, clock: this.clock, store, tasks: new AgentTaskStore<WorkerRecord>(store), tell: (to, msg) => this.tell(to, msg), aside: (job) => this.aside(job), refusals: {}, costs: deps.costTracker ?? new ReputationTracker(), follower: this.follower };
    if (deps.teamFactory) this.teamRound = memberRound({ endpoint: deps.endpoint, clock: this.clock, answerType: "team-submit-answer", ...(deps.teamTimeoutMs ? { timeoutMs: deps.teamTimeoutMs } : {}) });
  }

  override async idle(): Promise<void> {
    while (this.queue.busy || this.teamQueue.busy) await Promise.all([super.idle(), this.teamQueue.idle()]);
  }

  override get busy(): boolean {
    return super.busy || this.teamQueue.busy;
  }

  protected override onStop(): void {
    this.teamRound?.close();
    this.follower.close();
  }

  /** Actual over estimated cost of this worker's executed tasks (EMA, 1 before any); its bids are priced by it. */
  get costAccuracy(): number {
    return this.core.costs.costAccuracy(this.core.deps.profile.agentId);
  }

  /** Announcements this worker refused without a model call, by typed reason (admission.ts). */
  get refusals(): WorkerCore["refusals"] {
    return { ...this.core.refusals };
  }

  get agentId(): string {
    return this.core.deps.profile.agentId;
  }

  /**
   * Looks at the chain (one poll of the process's escrow watcher) and takes the next step on each
   * of our unsettled tasks that needs one: an event touched it, or a deadline passed (see
   * {@link followWorkerTasks}). Settled tasks are not read again; a resync (start-up, after the
   * watcher failed) reads every task the chain says is ours.
   */
  tick(): Promise<void> {
    // The node is asked before the queue: bids and awards are not held up while it answers.
    if (this.stopped) return Promise.resolve();
    return this.follower.poll().then(
      () => this.queue.push(() => this.step()),
      (err: unknown) => this.log.warn("step failed", { error: String(err) }),
    );
  }

  /** The queued part of a tick: the steps on what the poll found. */
  private async step(): Promise<void> {
    if (this.stopped) return;
    await followWorkerTasks(this.core, this.follower, (taskId) => this.bidOn(taskId), { polled: true });
    // The escrow names a team wallet, not us, on a team's task: its lead claims and distributes for the team.
    for (const [taskId, r] of this.core.tasks.list()) if (leadsTeam(r, this.address) && !r.teamSettled) await settleAsTeamLead(this.core, taskId);
  }

  /** What this worker keeps about a task it bid on. */
  record(taskId: Hex): WorkerRecord | undefined {
    return this.core.tasks.load(taskId);
  }

  /** The terms this worker signed for `taskId`, decoded from its record (kept in wire form, JSON-safe). */
  private bidOn(taskId: Hex): BidTerms | undefined {
    const wire = this.record(taskId)?.bid;
    return wire && BidTerms.decode(wire);
  }

  private takeReject(m: RejectMessage): void {
    this.log.info("bid rejected", { taskId: m.taskId, code: m.code, reason: m.reason });
    const id = m.taskId;
    const r = this.record(id);
    if (r && !r.rejected) this.core.tasks.save(id, { ...r, rejected: { code: m.code, reason: m.reason } });
  }

  protected override onMessage(m: Message, from: Sender): void {
    const bid = m.type === "announce" ? undefined : this.bidOn(m.taskId);
    // Only the client we bid to speaks for a task we bid on (award, reject, cancel, its reports).
    const fromClient = !!bid && isAddressEqual(from.address, bid.client);
    switch (m.type) {
      case "announce":
        // Admission (admission.ts) against the verified sender: an announcement speaks for the manager whose registered wallet signed it.
        void this.queue.push(() => bidOn(this.core, m, from));
        return;
      case "award": {
        if (fromClient && isAddressEqual(m.worker, this.address)) void this.queue.push(() => takeAward(this.core, m.taskId));
        // Awarded to a team whose bid we signed: its lead does the work and asks the others to sign the submit call.
        const team = this.record(m.taskId)?.team;
        const lead = team && isAddressEqual(team.members[0]!, this.address);
        if (fromClient && lead && isAddressEqual(m.worker, team.address) && this.teamRound) void this.teamQueue.push(async () => void (await deliverAsTeamLead(this.core, this.teamRound!, m.taskId)));
        return;
      }
      case "report": {
        // A report is only a hint to re-read the chain, from the client or the arbiter (a ruling).
        if (!bid || !m.worker || !(fromClient || isAddressEqual(from.address, bid.arbiter))) return;
        if (isAddressEqual(m.worker, this.address)) void this.queue.push(() => stepTask(this.core, { client: bid.client, taskId: m.taskId }));
        // On our team's task, its lead settles for the team (claims, then distributes what the wallet was paid).
        const r = this.record(m.taskId);
        if (leadsTeam(r, this.address) && isAddressEqual(m.worker, r.team.address)) void this.queue.push(async () => void (await settleAsTeamLead(this.core, m.taskId)));
        return;
      }
      case "reject":
        // A refusal comes from the manager we sent the bid to (fromClient needs a bid on record, which a refused bid has).
        if (fromClient && isAddressEqual(m.worker, this.address)) void this.queue.push(async () => this.takeReject(m));
        return;
      case "cancel":
        if (fromClient) this.log.info("announcement withdrawn", { taskId: m.taskId, reason: m.reason });
        return;
      case "team-sign":
        // A team bid to sign, from the client we bid to (teamSigning.ts checks who asks, the terms and the split).
        void this.queue.push(() => answerTeamSign(this.core, m, from));
        return;
      case "team-submit":
        // The team's submit call, from a fellow member (teamSubmit.ts checks who asks, the call and the output).
        void this.queue.push(() => answerTeamSubmit(this.core, m, from));
        return;
      case "bid":
      case "result":
      case "evidence":
      case "team-answer":
        return; // never addressed to a worker
      case "team-submit-answer":
        return; // a fellow member's answer goes to the team round waiting for it (runtime/memberRound.ts), not through the queue
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }
}
