import { MarketAllocator } from "../allocator.js";
import type { MarketBid } from "../bid.js";
import { selectCandidates } from "../candidates.js";
import { MarketAllocationError } from "../errors.js";
import type { CapableAgent } from "../registry.js";
import { ReputationTracker } from "../reputation.js";
import { BidScorer } from "../scorer.js";
import type { SimTask, SimulationConfig } from "./population.js";

/**
 * The "market" strategy of the simulation as a manager runs it: ask at most K capable agents
 * (candidates.ts), allocate among their bids (allocator.ts), learn from the outcome. Agents are
 * known to it by identity, and a whitewasher gets a fresh identity (`ww0#1`, `ww0#2`, ...)
 * after every failed award, so the market sees a stranger where there is a bad record.
 */
export class SimMarket {
  readonly tracker = new ReputationTracker();
  readonly #allocator: MarketAllocator;
  readonly #identity = new Map<string, string>();
  readonly #whitewashers: ReadonlySet<string>;
  /** Identities registered by whitewashers after their first. */
  reRegistrations = 0;
  /** Agents asked for a bid, over all tasks. */
  asked = 0;

  constructor(
    private readonly config: SimulationConfig,
    whitewashers: readonly string[],
  ) {
    this.#allocator = new MarketAllocator({ reputation: this.tracker, scorer: new BidScorer(config.scorer), minSuccessThreshold: config.minSuccessThreshold });
    this.#whitewashers = new Set(whitewashers);
  }

  /** The identity the market currently knows `agentId` (a worker's base id) by. */
  identityOf(agentId: string): string {
    return this.#identity.get(agentId) ?? agentId;
  }

  /** Chooses whom to ask, then the winner among their bids; undefined when nobody is awarded. */
  pick(t: SimTask, capable: readonly CapableAgent[], bids: readonly MarketBid[]): { bid: MarketBid; estimate: number } | undefined {
    const ids = capable.map((c) => this.identityOf(c.profile.agentId));
    // maxCandidates = Infinity is the market before candidate selection: every capable agent is asked.
    const asked = Number.isFinite(this.config.maxCandidates)
      ? selectCandidates(ids, this.tracker, { key: t.taskId, seed: this.config.seed, maxCandidates: this.config.maxCandidates, explorationRate: this.config.explorationRate }).asked
      : ids;
    this.asked += asked.length;
    const askedSet = new Set(asked);
    const members = capable
      .map((c) => ({ ...c, profile: { ...c.profile, agentId: this.identityOf(c.profile.agentId) } }))
      .filter((c) => askedSet.has(c.profile.agentId));
    const own = new Map(bids.map((b) => [this.identityOf(b.agentId), b]));
    const asBids = [...own].filter(([id]) => askedSet.has(id)).map(([id, b]) => ({ ...b, agentId: id }));
    if (asBids.length === 0) return undefined;
    try {
      const { winner } = this.#allocator.allocate({ task: t, members, bids: asBids });
      return { bid: own.get(winner.bid.agentId)!, estimate: winner.calibratedSuccess };
    } catch (e) {
      if (e instanceof MarketAllocationError) return undefined;
      throw e;
    }
  }

  /** Records the award and outcome; a whitewasher that failed comes back under a new identity. */
  learn(bid: MarketBid, success: boolean): void {
    const id = this.identityOf(bid.agentId);
    this.tracker.recordAward(id);
    this.tracker.recordOutcome({ agentId: id, claimedSuccess: bid.claimedSuccess, success });
    if (!success && this.#whitewashers.has(bid.agentId)) {
      this.reRegistrations += 1;
      this.#identity.set(bid.agentId, `${bid.agentId}#${this.reRegistrations}`);
    }
  }
}
