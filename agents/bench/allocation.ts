import { performance } from "node:perf_hooks";
import { seededRandom } from "../random.js";
import { MarketAllocator } from "../market/allocator.js";
import type { MarketBid } from "../market/bid.js";
import { CapabilityRegistry } from "../market/registry.js";
import { ReputationTracker } from "../market/reputation.js";
import { percentile, sig } from "./stats.js";

export interface AllocationRow {
  bidders: number;
  rounds: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * The allocation section: per round, the capability filter over `bidders` registered agents and
 * `MarketAllocator.allocate` (calibration, UCB, scoring and ranking of every bid) for one task
 * all of them bid on. Agents carry an outcome history so calibration and UCB do real work;
 * each round draws fresh bids. Timed per round with `performance.now()`, after a warm-up.
 *
 * @example
 * const rows = benchAllocation([10, 100, 1_000], { rounds: 200 });
 */
export function benchAllocation(sizes: readonly number[], opts: { rounds: number; seed?: number }): AllocationRow[] {
  return sizes.map((n) => {
    const rand = seededRandom(`${opts.seed ?? 1}:allocation:${n}`);
    const registry = new CapabilityRegistry();
    const tracker = new ReputationTracker();
    for (let i = 0; i < n; i++) {
      const agentId = `w${i}`;
      registry.register({ agentId, skills: i % 3 === 0 ? ["solidity", "audit"] : ["solidity"], costPerStep: 100 + Math.floor(rand() * 900), maxSteps: 100 });
      for (let k = Math.floor(rand() * 20); k > 0; k--) {
        tracker.recordAward(agentId);
        tracker.recordOutcome({ agentId, claimedSuccess: 0.5 + rand() / 2, success: rand() < 0.8 });
      }
    }
    const allocator = new MarketAllocator({ reputation: tracker });
    const task = { taskId: "bench", budget: 1_000_000, requiredSkills: ["solidity"], preferredSkills: ["audit"] };
    const bidsFor = (): MarketBid[] =>
      Array.from({ length: n }, (_, i) => ({ agentId: `w${i}`, price: 10_000 + Math.floor(rand() * 900_000), claimedSuccess: 0.55 + rand() * 0.45, estimatedSteps: 1 + Math.floor(rand() * 50) }));
    const round = (bids: MarketBid[]) => {
      const { capable } = registry.filter(task);
      allocator.allocate({ task, members: capable, bids });
    };
    for (let w = 0; w < 20; w++) round(bidsFor());
    const ms: number[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const bids = bidsFor();
      const t0 = performance.now();
      round(bids);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return { bidders: n, rounds: opts.rounds, p50Ms: sig(percentile(ms, 50)), p99Ms: sig(percentile(ms, 99)) };
  });
}
