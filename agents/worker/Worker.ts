import { AgentLoop } from "../runtime/AgentLoop.js";
import { getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { bidTermsFromWire, bidTermsToWire } from "../protocol/bidWire.js";
import { bidTypedData, type BidTerms } from "../protocol/eip712.js";
import { resultHash, specHash } from "../protocol/hashes.js";
import { resultTypedData } from "../protocol/resultTypedData.js";
import type { AnnounceMessage, BidTermsWire, Message, Outcome } from "../protocol/messages.js";
import { parseMessage } from "../protocol/parseMessage.js";
import type { CapabilityProfile, TaskSpec } from "../protocol/task.js";
import type { Endpoint } from "../transport/Transport.js";
import { consoleLogger } from "../runtime/logger.js";
import { MemoryStore } from "../runtime/MemoryStore.js";
import { ratingFor } from "../runtime/outcomes.js";
import { systemClock, type AgentStore, type Clock, type EscrowPort, type LlmPort, type Logger, type ReviewSink, type TaskRef, type TypedDataSigner } from "../runtime/ports.js";
import { matchesBid } from "../runtime/matchesBid.js";
import { reviewCounterpart } from "../runtime/signReview.js";
import { decideWorker, isCapable, priceFor } from "./decide.js";

export interface WorkerDeps {
  escrow: EscrowPort;
  endpoint: Endpoint;
  llm: LlmPort;
  profile: CapabilityProfile;
  signer: TypedDataSigner;
  reviews?: ReviewSink;
  clock?: Clock;
  store?: AgentStore;
  log?: Logger;
  /** Seconds a signed bid stays fundable (default 600). */
  bidTtlSeconds?: bigint;
  /** Price = estimated cost x markup, rounded up (default 1.2). */
  markup?: number;
  /** Wall-clock seconds one step takes, for the bid's time estimate (default 10). */
  secondsPerStep?: number;
  /** Re-read the chain this often (ms) to claim auto-releases; 0 (default) leaves ticking to the caller. */
  pollIntervalMs?: number;
}

/** Persisted per task the worker bid on. */
interface WorkerRecord {
  /** Absent when the task became ours on-chain but its spec was never seen (e.g. lost store). */
  spec?: TaskSpec;
  /** The terms we signed: an escrow is our award only if it holds exactly these (see matchesBid). */
  bid?: BidTermsWire;
  output?: string;
  failed?: boolean;
  finalized?: boolean;
  outcome?: Outcome;
}

/**
 * The seller side: bids on announcements it is capable of, and once the escrow names it as
 * worker it executes, submits the result hash on-chain, delivers the result off-chain, claims
 * an auto-release when the client stays silent, declines what it cannot finish, and reviews
 * the client. The chain, not memory, says which tasks it holds, so a restart loses nothing.
 */
export class Worker extends AgentLoop {
  readonly address: Address;
  private readonly store: AgentStore;

  constructor(private readonly d: WorkerDeps) {
    super({ endpoint: d.endpoint, clock: d.clock ?? systemClock, log: d.log ?? consoleLogger(`worker ${d.profile.agentId}`), pollIntervalMs: d.pollIntervalMs });
    this.address = getAddress(d.signer.address);
    this.store = d.store ?? new MemoryStore();
  }

  get agentId(): string {
    return this.d.profile.agentId;
  }

  /** Re-reads every task the chain says is ours and takes the next step on each. */
  tick(): Promise<void> {
    return this.queue.push(async () => {
      if (this.stopped) return;
      for (const task of await this.d.escrow.tasksWhere("worker", this.address)) {
        const bid = this.record(task.taskId)?.bid;
        // Our record of this id is a bid for another client: that escrow is not the one we know about.
        if (bid && !isAddressEqual(bid.client as Address, task.client)) continue;
        await this.step(task);
      }
    });
  }

  record(taskId: Hex): WorkerRecord | undefined {
    return this.store.get<WorkerRecord>(`task:${taskId.toLowerCase()}`);
  }

  private save(taskId: Hex, r: WorkerRecord): void {
    this.store.set(`task:${taskId.toLowerCase()}`, r);
  }

  protected override onRaw(raw: unknown): void {
    const parsed = parseMessage(raw);
    if (!parsed.ok) {
      this.log.warn("message ignored", { reason: parsed.error.message });
      return;
    }
    const m: Message = parsed.message;
    switch (m.type) {
      case "announce":
        void this.queue.push(() => this.onAnnounce(m));
        return;
      case "award":
        if (isAddressEqual(m.worker as Address, this.address)) void this.queue.push(() => this.onAward(m.taskId as Hex));
        return;
      case "report":
        if (m.worker && isAddressEqual(m.worker as Address, this.address) && !isAddressEqual(m.reporter as Address, this.address)) {
          const bid = this.record(m.taskId as Hex)?.bid;
          if (bid) void this.queue.push(() => this.step({ client: getAddress(bid.client), taskId: m.taskId.toLowerCase() as Hex }));
        }
        return;
      case "reject":
        if (isAddressEqual(m.worker as Address, this.address)) this.log.info("bid rejected", { taskId: m.taskId, reason: m.reason });
        return;
      case "cancel":
      case "bid":
      case "result":
        return;
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  private async onAnnounce(m: AnnounceMessage): Promise<void> {
    const { spec } = m;
    const taskId = spec.taskId.toLowerCase() as Hex;
    if (m.chainId !== this.d.escrow.chainId || !isAddressEqual(m.escrow as Address, this.d.escrow.address)) {
      this.log.info("announcement for another escrow ignored", { taskId, escrow: m.escrow });
      return;
    }
    if (!isCapable(this.d.profile, spec)) return; // no LLM call spent on tasks we cannot do
    if (specHash(spec) !== m.specHash.toLowerCase()) {
      this.log.warn("announcement ignored: specHash does not match spec", { taskId });
      return;
    }
    if (this.record(taskId)) return;
    const estimate = await this.d.llm.estimateBid(spec, this.d.profile);
    const price = priceFor(estimate.estimatedCost, this.d.markup ?? 1.2);
    if (price > BigInt(spec.budget)) {
      this.log.info("not bidding: price above budget", { taskId, price: price.toString(), budget: spec.budget });
      return;
    }
    const now = await this.d.escrow.now();
    const terms: BidTerms = {
      taskId,
      specHash: m.specHash.toLowerCase() as Hex,
      client: getAddress(m.manager),
      worker: this.address,
      token: getAddress(spec.token),
      amount: price,
      arbiter: getAddress(spec.arbiter),
      deadline: BigInt(spec.deadline),
      reviewPeriod: BigInt(spec.reviewPeriod),
      expiry: now + (this.d.bidTtlSeconds ?? 600n),
      nonce: this.nextNonce(),
    };
    const signature = await this.d.signer.signTypedData(bidTypedData(this.d.escrow.chainId, this.d.escrow.address, terms));
    this.save(taskId, { spec, bid: bidTermsToWire(terms) });
    await this.d.endpoint.send({
      type: "bid",
      taskId,
      agentId: this.d.profile.agentId,
      terms: bidTermsToWire(terms),
      signature,
      estimate: {
        price: price.toString(),
        estimatedSteps: estimate.estimatedSteps,
        estimatedSeconds: estimate.estimatedSteps * (this.d.secondsPerStep ?? 10),
        successProbability: estimate.successProbability,
        rationale: estimate.rationale.slice(0, 2_000),
      },
    });
  }

  /** Nonces only need to be unused; time-seeded plus a persisted counter survives restarts. */
  private nextNonce(): bigint {
    const n = (this.store.get<number>("nonce") ?? 0) + 1;
    this.store.set("nonce", n);
    return BigInt(this.clock.now()) * 1_000_000n + BigInt(n);
  }

  private async onAward(taskId: Hex): Promise<void> {
    const id = taskId.toLowerCase() as Hex;
    const r = this.record(id);
    if (!r?.bid) {
      this.log.warn("award ignored: we signed no bid for this task", { taskId: id });
      return;
    }
    const bid = bidTermsFromWire(r.bid);
    const chain = await this.d.escrow.getTask(bid).catch(() => undefined);
    // Only the escrow that holds exactly our signed terms is the award; a task someone else funded
    // under the same id (even naming us) is not.
    if (!chain || !matchesBid(chain, bid)) {
      this.log.warn("award ignored: no escrow holds the terms we signed", { taskId: id, client: bid.client });
      return;
    }
    // A re-sent award means the manager lost our result: deliver it again.
    if (chain.status === "Submitted" && r.output !== undefined) await this.deliver(id, r.output);
    await this.step(bid);
  }

  private async step(task: TaskRef): Promise<void> {
    const taskId = task.taskId.toLowerCase() as Hex;
    const ref: TaskRef = { client: task.client, taskId };
    const chain = await this.d.escrow.getTask(ref);
    if (!isAddressEqual(chain.worker, this.address)) return;
    const r = this.record(taskId);
    // With our signed bid at hand, only the escrow holding exactly those terms is ours to work on.
    if (r?.bid && !matchesBid(chain, bidTermsFromWire(r.bid))) return;
    const now = await this.d.escrow.now();
    const action = decideWorker(
      { hasSpec: !!r?.spec, executed: r?.output !== undefined, failed: !!r?.failed, finalized: !!r?.finalized },
      chain,
      now,
    );
    switch (action.kind) {
      case "wait":
        return;
      case "execute":
        try {
          const { output } = await this.d.llm.execute(r!.spec!);
          this.save(taskId, { ...r!, output });
        } catch (err) {
          this.log.warn("execution failed", { taskId, error: String(err) });
          this.save(taskId, { ...r!, failed: true });
        }
        break;
      case "decline":
        this.log.info("declining", { taskId, reason: action.reason });
        await this.d.escrow.decline(ref);
        break;
      case "submit":
        await this.d.escrow.submit(ref, resultHash(r!.output!));
        await this.deliver(taskId, r!.output!);
        break;
      case "auto-release":
        await this.d.escrow.autoRelease(ref);
        break;
      case "settle-fallback":
        await this.d.escrow.settleFallback(ref);
        break;
      case "finalize":
        await this.finalize(taskId, chain.client, action.outcome);
        return;
      default: {
        const never: never = action;
        throw new Error(`unhandled action ${JSON.stringify(never)}`);
      }
    }
    await this.step(ref);
  }

  private async deliver(taskId: Hex, output: string): Promise<void> {
    const hash = resultHash(output);
    const signature = await this.d.signer.signTypedData(resultTypedData(this.d.escrow.chainId, this.d.escrow.address, { taskId, resultHash: hash }));
    await this.d.endpoint.send({ type: "result", taskId, worker: this.address, output, resultHash: hash, signature });
  }

  private async finalize(taskId: Hex, client: Address, outcome: Outcome): Promise<void> {
    const r = this.record(taskId);
    this.save(taskId, { ...r, finalized: true, outcome });
    this.log.info("settled", { taskId, outcome });
    await this.d.endpoint.send({ type: "report", taskId, reporter: this.address, worker: this.address, outcome });
    await reviewCounterpart({ ...this.d, log: this.log }, { taskId, subject: client, rating: ratingFor("worker", outcome), comment: outcome });
  }
}
