import { AgentLoop } from "../runtime/AgentLoop.js";
import { getAddress, keccak256, stringToHex, type Address, type Hex } from "viem";
import { AgentError, ModelOutputError } from "../errors.js";
import { bidTermsFromWire, bidTermsToWire } from "../protocol/bidWire.js";
import { specHash } from "../protocol/hashes.js";
import type { BidMessage, Message, Outcome, ReportMessage, ResultMessage } from "../protocol/messages.js";
import { parseMessage } from "../protocol/parseMessage.js";
import { TaskSpec } from "../protocol/task.js";
import type { Endpoint } from "../transport/Transport.js";
import { MemoryStore } from "../runtime/MemoryStore.js";
import { ratingFor } from "../runtime/outcomes.js";
import type { AgentStore, CandidateBid, Clock, EscrowPort, LlmPort, Logger, MarketPort, ReviewSink, TaskRef, TypedDataSigner } from "../runtime/ports.js";
import { matchesBid } from "../runtime/matchesBid.js";
import { systemClock } from "../runtime/ports.js";
import { reviewCounterpart } from "../runtime/signReview.js";
import { consoleLogger } from "../runtime/logger.js";
import { checkBid } from "./checkBid.js";
import { checkResult } from "./checkResult.js";
import { decideManager, verdict, type ManagerLocal } from "./decide.js";

export interface ManagerOptions {
  /** How long bids are collected; closes early once every capable worker has bid. */
  bidWindowMs: number;
  /** Judge score at or above which the result is released. */
  acceptScore: number;
  /** A bid must stay fundable this long after it arrives. */
  minBidValiditySeconds: bigint;
  /** Seconds before the review deadline at which an undelivered result is disputed. */
  resultGraceSeconds: bigint;
  /** Re-read the chain this often (ms) to catch deadlines; 0 leaves ticking to the caller. */
  pollIntervalMs: number;
}

export interface ManagerDeps {
  escrow: EscrowPort;
  endpoint: Endpoint;
  llm: Pick<LlmPort, "judge">;
  market: MarketPort;
  signer: TypedDataSigner;
  reviews?: ReviewSink;
  clock?: Clock;
  store?: AgentStore;
  log?: Logger;
  options?: Partial<ManagerOptions>;
}

/** Persisted per task: what the manager cannot read back from the chain. */
interface TaskRecord extends ManagerLocal {
  spec: TaskSpec;
  specHash: Hex;
  phase: "bidding" | "awarded" | "unawarded";
  winner?: { worker: Address; agentId: string; terms: BidMessage["terms"]; signature: Hex; estimate: BidMessage["estimate"]; fundTx?: Hex };
  outcome?: Outcome;
}

const DEFAULTS: ManagerOptions = { bidWindowMs: 2_000, acceptScore: 0.7, minBidValiditySeconds: 60n, resultGraceSeconds: 60n, pollIntervalMs: 0 };

/**
 * The client side of the contract net: announces tasks, awards by funding the escrow with the
 * winning signed bid, checks and judges the result, settles, learns and reviews. Every inbound
 * message and every tick runs through one serial queue; chain state is re-read on each step,
 * so a restarted manager picks up where the chain says it is.
 */
export class Manager extends AgentLoop {
  readonly address: Address;
  private readonly o: ManagerOptions;
  private readonly store: AgentStore;
  private readonly bids = new Map<Hex, CandidateBid[]>();
  private readonly windows = new Map<Hex, unknown>();
  private readonly waiters = new Map<Hex, ((r: ReportMessage) => void)[]>();

  constructor(private readonly d: ManagerDeps) {
    const address = getAddress(d.signer.address);
    // An option given as undefined keeps its default (config files leave most of them out).
    const given = Object.fromEntries(Object.entries(d.options ?? {}).filter(([, v]) => v !== undefined));
    const o: ManagerOptions = { ...DEFAULTS, ...given };
    super({ endpoint: d.endpoint, clock: d.clock ?? systemClock, log: d.log ?? consoleLogger(`manager ${address.slice(0, 8)}`), pollIntervalMs: o.pollIntervalMs });
    this.address = address;
    this.o = o;
    this.store = d.store ?? new MemoryStore();
  }

  /** On start-up, rebuilds from the chain: every funded task of ours is resumed. */
  protected override startup(): Promise<void> {
    return this.queue.push(() => this.recover());
  }

  protected override onStop(): void {
    for (const h of this.windows.values()) this.clock.clearTimeout(h);
    this.windows.clear();
  }

  /**
   * Announces a task and opens its bid window.
   *
   * @example
   * const taskId = await manager.announce(spec);
   * const report = await manager.outcome(taskId);
   */
  async announce(input: unknown): Promise<Hex> {
    const spec = TaskSpec.parse(input);
    const taskId = spec.taskId.toLowerCase() as Hex;
    const hash = specHash(spec);
    this.save(taskId, { spec, specHash: hash, phase: "bidding", finalized: false });
    this.bids.set(taskId, []);
    const endsAt = this.clock.now() + this.o.bidWindowMs;
    this.windows.set(taskId, this.clock.setTimeout(() => void this.queue.push(() => this.closeBidding(taskId)), this.o.bidWindowMs));
    await this.d.endpoint.send({
      type: "announce",
      manager: this.address,
      chainId: this.d.escrow.chainId,
      escrow: this.d.escrow.address,
      spec,
      specHash: hash,
      bidWindowEndsAt: endsAt,
    });
    return taskId;
  }

  /** Resolves with the final report of a task (release, refund, ruling...). */
  outcome(taskId: Hex): Promise<ReportMessage> {
    const done = this.task(taskId);
    if (done?.finalized && done.outcome)
      return Promise.resolve({ type: "report", taskId: taskId.toLowerCase() as Hex, reporter: this.address, worker: done.winner?.worker, outcome: done.outcome, score: done.score });
    return new Promise((resolve) => {
      const list = this.waiters.get(taskId.toLowerCase() as Hex) ?? [];
      list.push(resolve);
      this.waiters.set(taskId.toLowerCase() as Hex, list);
    });
  }

  /** Re-reads every awarded task from the chain and takes the next step on each. */
  tick(): Promise<void> {
    return this.queue.push(async () => {
      if (this.stopped) return;
      for (const id of this.awardedIds()) await this.step(id);
    });
  }

  task(taskId: Hex): TaskRecord | undefined {
    return this.store.get<TaskRecord>(`task:${taskId.toLowerCase()}`);
  }

  private save(taskId: Hex, r: TaskRecord): void {
    this.store.set(`task:${taskId.toLowerCase()}`, r);
  }

  private awardedIds(): Hex[] {
    return this.store
      .keys("task:")
      .map((k) => k.slice(5) as Hex)
      .filter((id) => this.task(id)?.phase === "awarded" && !this.task(id)?.finalized);
  }

  /** The escrow of one of this manager's tasks: it is always their client. */
  private ref(taskId: Hex): TaskRef {
    return { client: this.address, taskId };
  }

  private async recover(): Promise<void> {
    const onChain = await this.d.escrow.tasksWhere("client", this.address);
    for (const id of onChain.map((x) => x.taskId.toLowerCase() as Hex)) {
      const r = this.task(id);
      if (!r) {
        this.log.warn("funded task unknown to this manager's store; cannot judge it", { taskId: id });
        continue;
      }
      const chain = await this.d.escrow.getTask(this.ref(id));
      if (!r.winner || !matchesBid(chain, bidTermsFromWire(r.winner.terms))) {
        this.log.warn("funded task's terms are not the bid this manager chose; cannot judge it", { taskId: id, worker: chain.worker });
        continue;
      }
      if (r.phase !== "awarded") this.save(id, { ...r, phase: "awarded" });
    }
    for (const id of this.store.keys("task:").map((k) => k.slice(5) as Hex)) {
      const r = this.task(id);
      if (r?.phase === "bidding") {
        // The bids died with the old process; withdraw rather than award blind.
        this.save(id, { ...r, phase: "unawarded", finalized: true, outcome: "unawarded" });
        await this.d.endpoint.send({ type: "cancel", taskId: id, reason: "manager restarted during bidding" });
      }
    }
    for (const id of this.awardedIds()) {
      const r = this.task(id)!;
      const chain = await this.d.escrow.getTask(this.ref(id));
      // Ask the worker to deliver again: the result may have been sent while we were down.
      if (!r.result && r.winner && (chain.status === "Funded" || chain.status === "Submitted"))
        await this.d.endpoint.send({ type: "award", taskId: id, worker: r.winner.worker, fundTx: r.winner.fundTx });
      await this.step(id);
    }
  }

  protected override onRaw(raw: unknown): void {
    const parsed = parseMessage(raw);
    if (!parsed.ok) {
      this.log.warn("message ignored", { reason: parsed.error.message });
      return;
    }
    const m: Message = parsed.message;
    if (m.type === "bid") void this.queue.push(() => this.onBid(m));
    else if (m.type === "result") void this.queue.push(() => this.onResult(m));
    // A counterpart's report (decline, ruling...) is only a hint to re-read the chain.
    else if (m.type === "report" && this.task(m.taskId as Hex)?.phase === "awarded")
      void this.queue.push(() => this.step(m.taskId.toLowerCase() as Hex));
  }

  private async onBid(m: BidMessage): Promise<void> {
    const taskId = m.taskId.toLowerCase() as Hex;
    const r = this.task(taskId);
    const list = this.bids.get(taskId) ?? [];
    const capable = r ? this.d.market.capableWorkers(r.spec) : [];
    const check = await checkBid(m, {
      chainId: this.d.escrow.chainId,
      escrow: this.d.escrow.address,
      client: this.address,
      task: r && { spec: r.spec, specHash: r.specHash, open: r.phase === "bidding", bidders: list.map((b) => b.worker) },
      capable,
      chainNow: await this.d.escrow.now(),
      minValiditySeconds: this.o.minBidValiditySeconds,
    });
    if (!check.ok) {
      this.log.warn(`bid ignored: ${check.reason}`, { taskId, agentId: m.agentId, detail: check.detail });
      return;
    }
    list.push({ worker: check.terms.worker, agentId: m.agentId, terms: check.terms, signature: m.signature as Hex, estimate: m.estimate });
    this.bids.set(taskId, list);
    this.log.info("bid accepted", { taskId, agentId: m.agentId, price: m.estimate.price });
    if (capable.every((c) => list.some((b) => b.worker === getAddress(c.address)))) await this.closeBidding(taskId);
  }

  private async closeBidding(taskId: Hex): Promise<void> {
    const r = this.task(taskId);
    if (!r || r.phase !== "bidding") return;
    this.clock.clearTimeout(this.windows.get(taskId));
    this.windows.delete(taskId);
    const bids = this.bids.get(taskId) ?? [];
    this.bids.delete(taskId);
    let ranked: CandidateBid[] = [];
    try {
      // The indexer's history of each bidder counts only as far as its proofs check out on-chain.
      await this.d.market.refreshHistory?.(bids.map((b) => ({ address: b.worker, agentId: b.agentId })));
      ranked = this.d.market.rank(r.spec, bids, await this.d.escrow.now());
    } catch (err) {
      this.log.warn("no bid awarded", { taskId, reason: (err as Error).message });
    }
    for (const bid of ranked) {
      const winner = { worker: bid.worker, agentId: bid.agentId, terms: bidTermsToWire(bid.terms), signature: bid.signature, estimate: bid.estimate };
      // Persist the chosen bid before funding: a crash between the two must not orphan the escrow.
      this.save(taskId, { ...r, winner });
      let fundTx: Hex | undefined;
      try {
        fundTx = (await this.d.escrow.fund(bid.terms, bid.signature)).hash;
      } catch (err) {
        // A lost receipt (RPC timeout) can hide a mined funding: believe the chain, not the error.
        const onChain = await this.d.escrow.getTask(this.ref(taskId)).catch(() => undefined);
        if (!onChain || !matchesBid(onChain, bid.terms)) {
          // e.g. the worker cancelled its nonce or the bid expired meanwhile: try the runner-up.
          this.log.warn("funding failed, trying next bid", { taskId, agentId: bid.agentId, error: (err as Error).message.split("\n")[0] });
          continue;
        }
        this.log.warn("funding reported an error but the escrow is funded", { taskId, error: (err as Error).message.split("\n")[0] });
      }
      this.d.market.recordAward(bid);
      this.save(taskId, { ...r, phase: "awarded", winner: { ...winner, fundTx } });
      this.log.info("awarded", { taskId, agentId: bid.agentId, amount: bid.terms.amount.toString(), tx: fundTx });
      await this.d.endpoint.send({ type: "award", taskId, worker: bid.worker, fundTx });
      for (const loser of bids.filter((b) => b !== bid))
        await this.d.endpoint.send({ type: "reject", taskId, worker: loser.worker, reason: `awarded to ${bid.agentId}` });
      return;
    }
    this.save(taskId, { ...r, phase: "unawarded", finalized: true, outcome: "unawarded" });
    for (const b of bids) await this.d.endpoint.send({ type: "reject", taskId, worker: b.worker, reason: "no bid awarded" });
    await this.report(taskId, { outcome: "unawarded" });
  }

  private async onResult(m: ResultMessage): Promise<void> {
    const taskId = m.taskId.toLowerCase() as Hex;
    const r = this.task(taskId);
    if (!r || r.phase !== "awarded" || !r.winner || getAddress(m.worker) !== getAddress(r.winner.worker)) {
      this.log.warn("result ignored: not from the awarded worker", { taskId, worker: m.worker });
      return;
    }
    if (r.result || r.finalized) return;
    // An unsigned result from anyone else must not be able to provoke a dispute.
    const check = await checkResult(m, { chainId: this.d.escrow.chainId, escrow: this.d.escrow.address, worker: r.winner.worker });
    if (!check.ok) {
      this.log.warn("result ignored: not signed by the awarded worker", { taskId, signer: check.signer, hash: check.hash });
      return;
    }
    this.save(taskId, { ...r, result: { output: m.output, hash: check.hash } });
    await this.step(taskId);
  }

  private async step(taskId: Hex): Promise<void> {
    const r = this.task(taskId);
    if (!r || !r.winner) return;
    const chain = await this.d.escrow.getTask(this.ref(taskId));
    const now = await this.d.escrow.now();
    const action = decideManager(r, chain, now, this.o.resultGraceSeconds);
    switch (action.kind) {
      case "wait":
        return;
      case "refund":
        await this.d.escrow.refund(this.ref(taskId));
        break;
      case "judge": {
        let judged: Awaited<ReturnType<LlmPort["judge"]>>;
        try {
          judged = await this.d.llm.judge(r.spec, r.result!.output);
        } catch (err) {
          // An unusable verdict will not improve by asking again, and a judge that stays down must
          // not let the review window pass (the worker could then auto-release unverified work):
          // both go to the arbiter. A transient fault before that is retried on the next tick.
          const lastChance = chain.reviewDeadline - this.o.resultGraceSeconds;
          if (!(err instanceof ModelOutputError) && now < lastChance) throw err;
          const code = err instanceof AgentError ? err.code : "JUDGE_FAILED";
          this.log.warn("judge failed, disputing", { taskId, code });
          await this.dispute(taskId, `judge failed: ${code}`);
          break;
        }
        const { score, reasons } = judged;
        this.save(taskId, { ...r, score });
        this.log.info("judged", { taskId, score, reasons });
        if (verdict(score, this.o.acceptScore) === "release") await this.d.escrow.release(this.ref(taskId));
        else await this.dispute(taskId, `judge score ${score} below ${this.o.acceptScore}`, score);
        break;
      }
      case "dispute":
        await this.dispute(taskId, action.reason);
        break;
      case "settle-fallback":
        await this.d.escrow.settleFallback(this.ref(taskId));
        break;
      case "finalize":
        await this.finalize(taskId, action.outcome);
        return;
      default: {
        const never: never = action;
        throw new Error(`unhandled action ${JSON.stringify(never)}`);
      }
    }
    await this.step(taskId);
  }

  private async dispute(taskId: Hex, reason: string, score?: number): Promise<void> {
    const tx = await this.d.escrow.dispute(this.ref(taskId), keccak256(stringToHex(reason)));
    this.log.info("disputed", { taskId, reason });
    await this.report(taskId, { outcome: "disputed", score, txHash: tx.hash, detail: reason });
  }

  private async finalize(taskId: Hex, outcome: Outcome): Promise<void> {
    const r = this.task(taskId)!;
    const winner = r.winner!;
    this.save(taskId, { ...r, finalized: true, outcome });
    const chain = await this.d.escrow.getTask(this.ref(taskId));
    const paid = outcome === "refunded" || outcome === "declined" || outcome === "cancelled" ? 0n : chain.amount;
    const success = outcome === "released" || outcome === "auto-released";
    const bid: CandidateBid = { worker: winner.worker, agentId: winner.agentId, signature: winner.signature, estimate: winner.estimate, terms: bidTermsFromWire(winner.terms) };
    this.d.market.recordOutcome(bid, { success, score: r.score ?? (success ? 1 : 0), paid });
    await reviewCounterpart(
      { ...this.d, log: this.log },
      {
        taskId,
        subject: winner.worker,
        rating: ratingFor("client", outcome, r.score),
        comment: `${outcome}${r.score === undefined ? "" : ` (judge ${r.score.toFixed(2)})`}`,
      },
    );
    await this.report(taskId, { outcome, score: r.score, worker: winner.worker });
  }

  private async report(taskId: Hex, p: Omit<ReportMessage, "type" | "taskId" | "reporter">): Promise<void> {
    const report: ReportMessage = { type: "report", taskId, reporter: this.address, ...p };
    await this.d.endpoint.send(report);
    if (p.outcome !== "disputed") for (const w of this.waiters.get(taskId) ?? []) w(report);
    if (p.outcome !== "disputed") this.waiters.delete(taskId);
  }
}
