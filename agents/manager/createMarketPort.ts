import { getAddress, type Address } from "viem";
import { MarketAllocator } from "../market/allocator.js";
import { CapabilityRegistry } from "../market/registry.js";
import { ReputationTracker } from "../market/reputation.js";
import type { CapabilityProfile, TaskSpec } from "../protocol/task.js";
import type { CandidateBid, Logger, MarketPort } from "../runtime/ports.js";
import type { HistoryCheck } from "../runtime/provenHistory.js";

export interface RosterEntry {
  profile: CapabilityProfile;
  /** The address that signs this agent's bids and is paid by the escrow. */
  address: Address;
}

/**
 * The manager's market: a capability registry of known workers (with the address each one
 * signs with), a reputation tracker that learns from outcomes, and the allocator.
 *
 * @example
 * const market = createMarketPort([{ profile, address: worker.account.address }]);
 * const manager = new Manager({ market, ... });
 */
export function createMarketPort(
  roster: RosterEntry[],
  opts: {
    tracker?: ReputationTracker;
    minSuccessThreshold?: number;
    /** A worker's indexer history checked against on-chain roots (runtime/provenHistory.ts). */
    history?: (worker: Address) => Promise<HistoryCheck>;
    log?: Logger;
  } = {},
): MarketPort & { registry: CapabilityRegistry; tracker: ReputationTracker } {
  const registry = new CapabilityRegistry();
  const addresses = new Map<string, Address>();
  for (const r of roster) {
    registry.register(r.profile);
    addresses.set(r.profile.agentId, getAddress(r.address));
  }
  const tracker = opts.tracker ?? new ReputationTracker();
  const allocator = new MarketAllocator({ reputation: tracker, minSuccessThreshold: opts.minSuccessThreshold });
  // Filter once per task: the solicited set is fixed at announcement, and the registry counts
  // each filter call towards solicitationsSaved.
  const solicited = new Map<string, ReturnType<CapabilityRegistry["filter"]>["capable"]>();
  const members = (spec: TaskSpec) => {
    let capable = solicited.get(spec.taskId.toLowerCase());
    if (!capable) {
      capable = registry.filter(spec).capable;
      solicited.set(spec.taskId.toLowerCase(), capable);
    }
    return capable;
  };

  const allocationInput = (spec: TaskSpec, bids: CandidateBid[], chainNow: bigint) => ({
    task: spec,
    members: members(spec),
    nowSec: Number(chainNow),
    bids: bids.map((b) => ({
      agentId: b.agentId,
      price: Number(b.terms.amount),
      claimedSuccess: b.estimate.successProbability,
      estimatedSteps: b.estimate.estimatedSteps,
      estimatedDurationSec: b.estimate.estimatedSeconds,
      rationale: b.estimate.rationale,
    })),
  });

  return {
    registry,
    tracker,
    capableWorkers(spec) {
      return members(spec).flatMap((m) => {
        const address = addresses.get(m.profile.agentId);
        return address ? [{ address, agentId: m.profile.agentId }] : [];
      });
    },
    rank(spec, bids, chainNow) {
      const byAgent = new Map(bids.map((b) => [b.agentId, b]));
      const allocation = allocator.allocate(allocationInput(spec, bids, chainNow));
      // Winner first, then the other eligible bids as fallbacks if funding the winner fails.
      return allocation.ranked.filter((r) => r.eligible && r.member).map((r) => byAgent.get(r.bid.agentId)!) as CandidateBid[];
    },
    explain(spec, bids, chainNow) {
      return allocator.rank(allocationInput(spec, bids, chainNow)).ranked.map((r) => ({
        agentId: r.bid.agentId,
        reputation: r.reputation,
        calibration: r.calibration,
        calibratedSuccess: r.calibratedSuccess,
        costScore: r.costScore,
        composite: r.composite,
        ucb: r.ucb,
        final: r.final,
        eligible: r.eligible && r.member,
      }));
    },
    recordAward(bid) {
      tracker.recordAward(bid.agentId);
    },
    async refreshHistory(workers) {
      const history = opts.history;
      if (!history) return;
      for (const w of workers) {
        try {
          const { proven, rejected } = await history(w.address);
          tracker.setProvenHistory(w.agentId, proven);
          if (Object.keys(rejected).length) opts.log?.warn("indexer claims rejected", { agentId: w.agentId, rejected });
        } catch (err) {
          // An indexer we cannot reach or check proves nothing: the worker has no indexer history.
          tracker.setProvenHistory(w.agentId, []);
          opts.log?.warn("indexer history unavailable", { agentId: w.agentId, reason: (err as Error).message });
        }
      }
    },
    recordOutcome(bid, outcome) {
      solicited.delete(bid.terms.taskId.toLowerCase());
      tracker.recordOutcome({ agentId: bid.agentId, claimedSuccess: bid.estimate.successProbability, success: outcome.success });
    },
  };
}
