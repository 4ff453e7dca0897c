import { getAddress, isAddressEqual, zeroAddress, type Address, type Hex } from "viem";
import type { AnnounceMessage, Message } from "../protocol/messages.js";
import { toHash32 } from "../protocol/codecs.js";
import { isTerminal } from "../protocol/taskLifecycle.js";
import { AgentLoop } from "../runtime/AgentLoop.js";
import { consoleLogger } from "../runtime/logger.js";
import { MemoryStore } from "../runtime/MemoryStore.js";
import { memberRound } from "../runtime/memberRound.js";
import { systemClock, type TxResult } from "../runtime/ports.js";
import { ActionRefusedError, isoTime, wrongStatus } from "../runtime/refusal.js";
import { signReview } from "../runtime/signReview.js";
import { AgentTaskStore } from "../runtime/TaskStore.js";
import { screen, sendBid } from "./bidding.js";
import { claimForTeam, claimOwn, deliverForTeam, deliverOwn, hostedTasks, isTeamLeadCue, type HostedRecord, type HostedTask } from "./hostedTasks.js";
import { settleAsTeamLead } from "./teamSettle.js";
import { answerTeamSign } from "./teamSigning.js";
import { answerTeamSubmit } from "./teamSubmit.js";
import type { HostBid, HostedWorkerCore, WorkerDeps } from "./workerTypes.js";
import type { Sender } from "../transport/Transport.js";

/**
 * A worker whose decisions are made elsewhere (an MCP host's model, through tools): it keeps
 * the announcements addressed to it, and bids, delivers, declines, claims and reviews only when
 * told, with the same code the autonomous {@link Worker} uses (sendBid, deliver, decideWorker,
 * signReview). Each action first checks what the escrow would refuse (wrong party, wrong
 * status, past deadline) and throws {@link ActionRefusedError} instead of sending a transaction.
 * In a team it signs as a member on its own (teamSigning.ts, teamSubmit.ts); as the team's lead (its
 * lowest address) its host delivers and claims for the team through the same tools (hostedTeam.ts).
 */
export class HostedWorker extends AgentLoop {
  readonly address: Address;
  readonly core: HostedWorkerCore;
  private readonly records: AgentTaskStore<HostedRecord>;
  private readonly inbox = new Map<Hex, AnnounceMessage>();
  private readonly rejections = new Map<Hex, string>();
  /** The rounds in which, as a team's lead, it gathers its fellow members' signatures of the team's submit call. */
  private readonly teamRound?: ReturnType<typeof memberRound>;

  constructor(deps: Omit<WorkerDeps, "llm">) {
    super({ endpoint: deps.endpoint, clock: deps.clock ?? systemClock, log: deps.log ?? consoleLogger(`worker ${deps.profile.agentId}`) });
    this.address = getAddress(deps.signer.address);
    const store = deps.store ?? new MemoryStore();
    this.records = new AgentTaskStore<HostedRecord>(store);
    this.core = { address: this.address, deps, log: this.log, clock: this.clock, store, tasks: this.records, tell: (to, m) => this.tell(to, m), refusals: {} };
    if (deps.teamFactory) this.teamRound = memberRound({ endpoint: deps.endpoint, clock: this.clock, answerType: "team-submit-answer", ...(deps.teamTimeoutMs ? { timeoutMs: deps.teamTimeoutMs } : {}) });
  }

  protected override onStop(): void {
    this.teamRound?.close();
  }

  /** Nothing happens on its own: the host's model acts through the methods below. */
  tick = (): Promise<void> => Promise.resolve();

  protected override onMessage(m: Message, from: Sender): void {
    switch (m.type) {
      case "announce":
        if (screen(this.core, m, from, this.inbox.has(m.spec.taskId))) this.inbox.set(m.spec.taskId, m);
        return;
      case "reject":
        if (isAddressEqual(m.worker, this.address)) this.rejections.set(m.taskId, m.reason);
        return;
      case "cancel": {
        // Only the manager that announced it withdraws an announcement.
        if (isAddressEqual(from.address, this.inbox.get(m.taskId)?.manager ?? zeroAddress)) this.inbox.delete(m.taskId);
        return;
      }
      case "team-sign": // the autonomous worker's checks: who asks, the terms, a split paying at least our price
        return void this.queue.push(() => answerTeamSign(this.core, m, from));
      case "team-submit": // a fellow member asks for our signature of the team's submit call: the same checks as the autonomous worker's
        return void this.queue.push(() => answerTeamSubmit(this.core, m, from));
      case "report": // as a team's lead, the client's (or arbiter's) report of a settlement is its cue to distribute the members' shares
        if (isTeamLeadCue(this.core, m, from.address)) void this.queue.push(async () => void (await settleAsTeamLead(this.core, m.taskId)));
        return;
      case "award": // the chain says what is ours: tasks() reads it
      case "bid": case "result": case "evidence": case "team-answer": case "team-submit-answer":
        return; // nothing a hosted worker acts on (a team-submit-answer goes to the lead's round, runtime/memberRound.ts)
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Announcements this worker can do and has not bid on or declined, newest last. */
  announcements(): AnnounceMessage[] {
    return [...this.inbox.values()].filter((m) => !this.record(m.spec.taskId));
  }

  /** Every bid this worker signed, by task. */
  bidsPlaced(): { taskId: Hex; amount: string }[] {
    return this.records.list().flatMap(([taskId, r]) => (r.bid ? [{ taskId, amount: r.bid.amount }] : []));
  }

  /** Why the manager turned down our bid, if it did. */
  rejection(taskId: Hex): string | undefined {
    return this.rejections.get(toHash32(taskId));
  }

  record(taskId: Hex): HostedRecord | undefined {
    return this.records.load(taskId);
  }

  /** Signs and sends a bid at the host's price and estimate on an announced task. */
  async placeBid(taskId: Hex, bid: HostBid) {
    const id = toHash32(taskId);
    const m = this.inbox.get(id);
    if (!m) throw new ActionRefusedError("TASK_UNKNOWN", `no announcement ${id} for this worker; call list_announcements`, { taskId: id });
    if (this.record(id)?.bid) throw new ActionRefusedError("BID_EXISTS", `already bid on ${id}; a manager takes one bid per worker`, { taskId: id });
    if (this.record(id)?.declined) throw new ActionRefusedError("TASK_WRONG_STATUS", `you declined ${id}`, { taskId: id });
    if (bid.price > BigInt(m.spec.budget))
      throw new ActionRefusedError("BID_OVER_BUDGET", `price ${bid.price} is above the budget ${m.spec.budget}; bid at most the budget`, { price: bid.price, budget: m.spec.budget });
    const now = await this.core.deps.escrow.now();
    if (now >= BigInt(m.spec.deadline)) throw new ActionRefusedError("DEADLINE_PASSED", `the task's deadline passed at ${isoTime(m.spec.deadline)}`, { deadline: m.spec.deadline });
    if (this.clock.now() > m.bidWindowEndsAt)
      throw new ActionRefusedError("BID_WINDOW_CLOSED", `bidding closed at ${new Date(m.bidWindowEndsAt).toISOString()}`, { bidWindowEndsAt: m.bidWindowEndsAt });
    const terms = await sendBid(this.core, m, bid);
    return { terms, manager: getAddress(m.manager) };
  }

  /** Declines an awarded task on chain (immediate refund), or an announcement (no transaction). */
  async decline(taskId: Hex, reason: string): Promise<{ onChain: TxResult | null }> {
    const id = toHash32(taskId);
    const known = this.inbox.get(id);
    const mine = await this.findTask(id);
    if (!mine) {
      if (!known) throw new ActionRefusedError("TASK_UNKNOWN", `no task ${id} announced to or funded for this worker`, { taskId: id });
      this.records.save(id, { ...this.record(id), spec: known.spec, declined: reason });
      return { onChain: null };
    }
    const { ref, chain } = mine;
    if (mine.team) throw new ActionRefusedError("TASK_NOT_YOURS", `task ${id} is your team's: a team declines only with every member's signature (not offered); the client is refunded after the deadline if nobody delivers`, {});
    if (chain.status !== "Funded") throw wrongStatus(id, chain.status, "decline is possible only while Funded (before you submit)");
    const tx = await this.core.deps.escrow.decline(ref);
    this.records.save(id, { ...this.record(id), declined: reason });
    return { onChain: tx };
  }

  /** Submits the output's hash on chain, then signs and sends the output to the client. */
  async deliver(taskId: Hex, output: string): Promise<{ tx: TxResult | { hash: Hex }; resultHash: Hex; reviewDeadline: bigint }> {
    const t = await this.ownTask(taskId);
    const now = await this.core.deps.escrow.now();
    return t.team ? deliverForTeam(this.core, this.teamRound, { ...t, team: t.team }, output, now) : deliverOwn(this.core, t, output, now);
  }

  /** Takes whatever settlement is due: auto-release after a silent review period, the fallback split, or a refund. */
  async claim(taskId: Hex): Promise<{ kind: string; tx: TxResult | { hash: Hex } }> {
    const t = await this.ownTask(taskId);
    const now = await this.core.deps.escrow.now();
    return t.team ? claimForTeam(this.core, { ...t, team: t.team }, now) : claimOwn(this.core, t, now);
  }

  /** Signs a review of the client of a settled task and posts it to the indexer. */
  async review(taskId: Hex, rating: number, comment: string) {
    const { ref, chain } = await this.ownTask(taskId);
    if (!isTerminal(chain.status)) throw new ActionRefusedError("NOT_SETTLED", `task ${ref.taskId} is ${chain.status}; review once it has settled`, { status: chain.status });
    if (this.record(ref.taskId)?.reviewed) throw new ActionRefusedError("ALREADY_REVIEWED", `you already reviewed task ${ref.taskId}`, {});
    const { deps } = this.core;
    const review = await signReview(deps.signer, { chainId: deps.escrow.chainId, escrow: deps.escrow.address, taskId: ref.taskId, subject: chain.terms.client, rating, comment, timestamp: await deps.escrow.now() });
    if (!deps.reviews) throw new ActionRefusedError("TASK_UNKNOWN", "no indexer configured (INDEXER_URL)", {});
    await deps.reviews.postReview(review);
    this.records.save(ref.taskId, { ...this.record(ref.taskId), reviewed: true });
    return { review, subject: chain.terms.client };
  }

  /** Every escrow that names this worker (or a team of ours) and holds the terms it signed, with its on-chain view. */
  tasks(): Promise<HostedTask[]> {
    return hostedTasks(this.core);
  }

  private async findTask(taskId: Hex) {
    return (await this.tasks()).find((t) => t.ref.taskId === toHash32(taskId));
  }

  /** The escrow of `taskId` that names this worker, or a refusal saying why there is none. */
  private async ownTask(taskId: Hex) {
    const id = toHash32(taskId);
    const found = await this.findTask(id);
    if (found) return found;
    const [r, rejected] = [this.record(id), this.rejection(id)];
    if (r?.bid && rejected) throw new ActionRefusedError("TASK_NOT_YOURS", `task ${id} went to another worker (${rejected})`, { taskId: id });
    if (r?.bid) throw new ActionRefusedError("TASK_WRONG_STATUS", `task ${id} is not funded for you yet: the manager has not awarded your bid`, { taskId: id });
    if (this.inbox.has(id)) throw new ActionRefusedError("TASK_NOT_YOURS", `task ${id} was announced to you but is not awarded to you; place_bid first`, { taskId: id });
    throw new ActionRefusedError("TASK_UNKNOWN", `no task ${id} funded for this worker; call my_tasks`, { taskId: id });
  }
}
