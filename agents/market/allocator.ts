import { MarketBid } from "./bid.js";
import { MarketAllocationError, MarketInputError } from "./errors.js";
import type { CapableAgent } from "./registry.js";
import { BidScorer } from "./scorer.js";
import type { ReputationView, ScoredBid } from "./scorer.js";

export const DEFAULT_MIN_SUCCESS_THRESHOLD = 0.5;

/** The task fields allocation reads (a TaskSpec fits). */
export interface AllocatableTask {
  taskId: string;
  /** Budget ceiling; TaskSpec carries it as a decimal string. */
  budget: string | number | bigint;
  /** Unix seconds; with `nowSec`, feeds the optional time term. */
  deadline?: number;
}

export interface AllocationInput {
  task: AllocatableTask;
  bids: readonly MarketBid[];
  /** The agents solicited for this task: {@link CapabilityRegistry.filter}'s `capable`. */
  members: readonly CapableAgent[];
  nowSec?: number;
}

/** A ranked bid plus why it may or may not win. */
export interface RankedBid extends ScoredBid {
  member: boolean;
  /** Calibrated success reaches the threshold and the price fits the budget. */
  eligible: boolean;
}

/** A bid left out of ranking: it failed the {@link MarketBid} schema or repeated an agent's earlier bid. */
export interface SkippedBid {
  index: number;
  agentId: string | undefined;
  reason: "invalid" | "duplicate";
}

export interface Allocation {
  taskId: string;
  winner: RankedBid;
  /** Every valid bid, best first (eligible before ineligible). */
  ranked: RankedBid[];
  skipped: SkippedBid[];
}

export interface MarketAllocatorOptions {
  reputation: ReputationView;
  scorer?: BidScorer;
  minSuccessThreshold?: number;
}

/**
 * Awards a task to the bid with the highest final score among those whose calibrated success
 * is at least `minSuccessThreshold` and whose price is within budget. Deterministic: ties go to
 * the higher composite, then the lower price, then the smaller agent id.
 *
 * Allocation only decides; it does not record. Once the award stands (the escrow is funded),
 * call `tracker.recordAward(allocation.winner.bid.agentId)` so N and nᵢ of the UCB move.
 *
 * Throws {@link MarketAllocationError}:
 * - `MARKET_NO_MEMBERS`: nobody passed the capability filter;
 * - `MARKET_ALLOCATION_REJECTED`: no bid is eligible (none at all, too unlikely to succeed, or over budget);
 * - `MARKET_WINNER_NOT_MEMBER`: the best eligible bid comes from an agent that was never solicited.
 *
 * @example
 * const { capable } = registry.filter(task);
 * const allocation = new MarketAllocator({ reputation: tracker }).allocate({ task, bids, members: capable });
 */
export class MarketAllocator {
  readonly scorer: BidScorer;
  readonly minSuccessThreshold: number;
  readonly #reputation: ReputationView;

  constructor(options: MarketAllocatorOptions) {
    const threshold = options.minSuccessThreshold ?? DEFAULT_MIN_SUCCESS_THRESHOLD;
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new MarketInputError("minSuccessThreshold must be in [0, 1]", { details: { minSuccessThreshold: threshold } });
    }
    this.minSuccessThreshold = threshold;
    this.scorer = options.scorer ?? new BidScorer();
    this.#reputation = options.reputation;
  }

  /**
   * Scores and orders the bids without deciding. Bids that fail the {@link MarketBid} schema
   * (a claim above 1 would otherwise clamp to certainty) and second bids from one agent are
   * left out and listed in `skipped`.
   */
  rank(input: AllocationInput): { ranked: RankedBid[]; skipped: SkippedBid[] } {
    const budget = Number(input.task.budget);
    const { valid, skipped } = screen(input.bids);
    const members = new Map(input.members.map((m) => [m.profile.agentId, m]));
    const timeAvailableSec =
      input.task.deadline !== undefined && input.nowSec !== undefined ? input.task.deadline - input.nowSec : undefined;
    const ranked = valid.map((bid): RankedBid => {
      const member = members.get(bid.agentId);
      const scored = this.scorer.score(bid, {
        budget,
        reputation: this.#reputation,
        preferredMatch: member?.preferredMatch ?? 0,
        ...(timeAvailableSec === undefined ? {} : { timeAvailableSec }),
      });
      const eligible = scored.calibratedSuccess >= this.minSuccessThreshold && bid.price <= budget;
      return { ...scored, member: member !== undefined, eligible };
    });
    return { ranked: ranked.sort(compareRanked), skipped };
  }

  allocate(input: AllocationInput): Allocation {
    const taskId = input.task.taskId;
    if (input.members.length === 0) {
      throw new MarketAllocationError("MARKET_NO_MEMBERS", "No agent has the required skills", this.#details(taskId, [], []));
    }
    const { ranked, skipped } = this.rank(input);
    const winner = ranked[0];
    if (winner === undefined || !winner.eligible) {
      const why = ranked.length === 0 ? "No bids received" : "No bid reaches the minimum calibrated success within budget";
      throw new MarketAllocationError("MARKET_ALLOCATION_REJECTED", why, this.#details(taskId, ranked, skipped));
    }
    if (!winner.member) {
      throw new MarketAllocationError("MARKET_WINNER_NOT_MEMBER", "Best bid comes from an agent that was not solicited", {
        ...this.#details(taskId, ranked, skipped),
        winner: winner.bid.agentId,
      });
    }
    return { taskId, winner, ranked, skipped };
  }

  #details(taskId: string, ranked: readonly RankedBid[], skipped: readonly SkippedBid[]) {
    return {
      taskId,
      skipped,
      minSuccessThreshold: this.minSuccessThreshold,
      bids: ranked.map((r) => ({
        agentId: r.bid.agentId,
        price: r.bid.price,
        claimedSuccess: r.bid.claimedSuccess,
        calibratedSuccess: r.calibratedSuccess,
        final: r.final,
        eligible: r.eligible,
        member: r.member,
      })),
    };
  }
}

function screen(bids: readonly MarketBid[]): { valid: MarketBid[]; skipped: SkippedBid[] } {
  const valid: MarketBid[] = [];
  const skipped: SkippedBid[] = [];
  const seen = new Set<string>();
  bids.forEach((raw, index) => {
    const parsed = MarketBid.safeParse(raw);
    const agentId = typeof (raw as { agentId?: unknown })?.agentId === "string" ? (raw as { agentId: string }).agentId : undefined;
    if (!parsed.success) return skipped.push({ index, agentId, reason: "invalid" });
    if (seen.has(parsed.data.agentId)) return skipped.push({ index, agentId, reason: "duplicate" });
    seen.add(parsed.data.agentId);
    valid.push(parsed.data);
  });
  return { valid, skipped };
}

function compareRanked(a: RankedBid, b: RankedBid): number {
  if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
  if (b.final !== a.final) return b.final - a.final;
  if (b.composite !== a.composite) return b.composite - a.composite;
  if (a.bid.price !== b.bid.price) return a.bid.price - b.bid.price;
  return a.bid.agentId < b.bid.agentId ? -1 : a.bid.agentId > b.bid.agentId ? 1 : 0;
}
