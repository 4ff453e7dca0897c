import { isAddressEqual, type Address } from "viem";
import { MarketAllocator } from "../market/allocator.js";
import { DEFAULT_MAX_CANDIDATES, selectCandidates } from "../market/candidates.js";
import { CapabilityRegistry, type CapableAgent } from "../market/registry.js";
import { ReputationTracker } from "../market/reputation.js";
import type { AgentDirectory, DirectoryEntry } from "../registry/directory.js";
import type { TaskSpec } from "../protocol/task.js";
import type { CandidateBid, Logger, MarketPort, Solicitation } from "../runtime/ports.js";
import type { HistoryCheck } from "../runtime/provenHistory.js";

export interface MarketPortOptions {
  tracker?: ReputationTracker;
  minSuccessThreshold?: number;
  /** K: most agents asked per task (market/candidates.ts, default 5). */
  maxCandidates?: number;
  explorationRate?: number;
  seed?: number | string;
  /** A worker's indexer history checked against on-chain roots (runtime/provenHistory.ts). */
  history?: (worker: Address) => Promise<HistoryCheck>;
  /**
   * Multi-skill tasks are team calls: besides the agents with every required skill, the holders of
   * each skill are asked (when nobody has every skill, only they are), so the manager can form a
   * team from the bids when its expected value beats the best single bid.
   */
  teams?: boolean;
  log?: Logger;
}

/**
 * The manager's market: whom to ask (the registry through `directory`, then at most K by
 * `selectCandidates`), a reputation tracker that learns from outcomes, and the allocator.
 * There is no roster: any registered agent whose checked card has the skills can be asked.
 *
 * @example
 * const market = createMarketPort(indexerDirectory(new IndexerClient(url)));
 * const manager = new Manager({ market, ... });
 */
export function createMarketPort(directory: AgentDirectory, opts: MarketPortOptions = {}): MarketPort & { tracker: ReputationTracker; solicitations: { capable: number; asked: number } } {
  const tracker = opts.tracker ?? new ReputationTracker();
  const allocator = new MarketAllocator({ reputation: tracker, minSuccessThreshold: opts.minSuccessThreshold });
  // The asked agents' profiles per open task: what the allocator scores bids against.
  const members = new Map<string, CapableAgent[]>();
  const solicitations = { capable: 0, asked: 0 };

  const allocationInput = (spec: TaskSpec, bids: CandidateBid[], chainNow: bigint) => ({
    task: spec,
    members: members.get(spec.taskId) ?? [],
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

  /** Per required skill, up to max(2, K / skills) of its holders by record (selectCandidates); each asked agent with its skills among the task's. */
  async function teamCall(spec: TaskSpec): Promise<Solicitation> {
    const skills = [...new Set(spec.requiredSkills)];
    const perSkill = Math.max(2, Math.ceil((opts.maxCandidates ?? DEFAULT_MAX_CANDIDATES) / skills.length));
    const holders = new Map<string, DirectoryEntry>();
    const asked = new Set<string>();
    for (const skill of skills) {
      const found = await directory.capable([skill]);
      for (const e of found) holders.set(e.agentId, e);
      const pick = selectCandidates(found.map((e) => e.agentId), tracker, { key: `${spec.taskId}:${skill}`, maxCandidates: perSkill, explorationRate: opts.explorationRate, seed: opts.seed });
      for (const id of pick.asked) asked.add(id);
    }
    solicitations.capable += holders.size;
    solicitations.asked += asked.size;
    const entry = (e: DirectoryEntry) => ({ agentId: e.agentId, address: e.wallet, url: e.url, skills: skills.filter((s) => e.skills.includes(s)) });
    return { asked: [...asked].map((id) => entry(holders.get(id)!)), notAsked: [...holders.values()].filter((e) => !asked.has(e.agentId)).map((e) => e.wallet), teamCall: true };
  }

  /** A single call widened by a team call: everyone asked by either, the capable agents asked by neither refused as not asked. */
  function withTeamCall(single: Solicitation, team: Solicitation): Solicitation {
    const asked = [...single.asked, ...team.asked.filter((t) => !single.asked.some((s) => s.agentId === t.agentId))];
    const notAsked = [...new Set([...single.notAsked, ...team.notAsked])].filter((w) => !asked.some((a) => isAddressEqual(a.address, w)));
    return { asked, notAsked, teamCall: true };
  }

  return {
    tracker,
    solicitations,
    async solicit(spec): Promise<Solicitation> {
      const found = await directory.capable(spec.requiredSkills);
      const registry = new CapabilityRegistry();
      const byId = new Map(found.map((e) => [e.agentId, e]));
      for (const e of found) {
        try {
          registry.register({ agentId: e.agentId, skills: e.skills, costPerStep: e.costPerStep, maxSteps: e.maxSteps });
        } catch (err) {
          opts.log?.warn("registered agent skipped: card profile invalid", { agentId: e.agentId, reason: (err as Error).message });
        }
      }
      const capable = registry.filter(spec).capable;
      const multiSkill = opts.teams === true && new Set(spec.requiredSkills).size >= 2;
      if (capable.length === 0 && multiSkill) return teamCall(spec);
      const { asked } = selectCandidates(
        capable.map((c) => c.profile.agentId),
        tracker,
        { key: spec.taskId, maxCandidates: opts.maxCandidates, explorationRate: opts.explorationRate, seed: opts.seed },
      );
      const askedSet = new Set(asked);
      members.set(spec.taskId, capable.filter((c) => askedSet.has(c.profile.agentId)));
      solicitations.capable += capable.length;
      solicitations.asked += asked.length;
      const entry = (id: string) => ({ agentId: id, address: byId.get(id)!.wallet, url: byId.get(id)!.url, ...(multiSkill ? { skills: [...new Set(spec.requiredSkills)] } : {}) });
      const single: Solicitation = { asked: asked.map(entry), notAsked: capable.filter((c) => !askedSet.has(c.profile.agentId)).map((c) => byId.get(c.profile.agentId)!.wallet) };
      // A team of specialists may be worth more than the best single bid: ask the holders of each skill as well.
      return multiSkill ? withTeamCall(single, await teamCall(spec)) : single;
    },
    rank(spec, bids, chainNow) {
      const byAgent = new Map(bids.map((b) => [b.agentId, b]));
      const key = spec.taskId;
      const allocation = allocator.allocate(allocationInput(spec, bids, chainNow));
      members.delete(key); // ranked once, when bidding closes
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
          const { checked, rejected } = await history(w.address);
          tracker.setProvenHistory(w.agentId, checked);
          if (Object.keys(rejected).length) opts.log?.warn("indexer claims rejected", { agentId: w.agentId, rejected });
        } catch (err) {
          // An indexer we cannot reach or check proves nothing: the worker has no indexer history.
          tracker.setProvenHistory(w.agentId, []);
          opts.log?.warn("indexer history unavailable", { agentId: w.agentId, reason: (err as Error).message });
        }
      }
    },
    recordOutcome(bid, outcome) {
      tracker.recordOutcome({ agentId: bid.agentId, claimedSuccess: bid.estimate.successProbability, success: outcome.success });
    },
  };
}
