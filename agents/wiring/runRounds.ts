import { keccak256, stringToHex } from "viem";
import type { Outcome } from "../protocol/taskLifecycle.js";
import type { TaskSpec } from "../protocol/task.js";
import type { LocalMarket } from "./createLocalMarket.js";
import { starterCriteria } from "../protocol/criteria.js";

export interface RoundsReport {
  rounds: number;
  wallMs: number;
  msPerTask: number;
  outcomes: Partial<Record<Outcome, number>>;
  awards: Record<string, number>;
  /** Per worker: what the manager's tracker learned. */
  learned: Record<string, { successRate: number; calibration: number; reputation: number }>;
  /** Agents asked to bid over all rounds, and capable registered agents that were not (at most K per task). */
  solicitations: { asked: number; notAsked: number };
}

/**
 * Announces `rounds` tasks one after another on a local market and waits for each to settle
 * (tasks the worker may dispute are ruled by the arbiter at once). What the demo and the agents
 * benchmark print.
 *
 * @example
 * const report = await runRounds(market, { rounds: 20, requiredSkills: ["summarise"] });
 */
export async function runRounds(
  m: LocalMarket,
  opts: { rounds: number; requiredSkills: string[]; budget?: bigint; label?: string },
): Promise<RoundsReport> {
  const outcomes: Partial<Record<Outcome, number>> = {};
  const awards: Record<string, number> = {};
  const start = performance.now();
  for (let i = 0; i < opts.rounds; i++) {
    const now = (await m.publicClient.getBlock()).timestamp;
    const label = `${opts.label ?? "round"}-${i}`;
    const spec: TaskSpec = {
      taskId: keccak256(stringToHex(label)),
      title: `Task ${label}`,
      description: `Work item ${label}.`,
      requiredSkills: opts.requiredSkills,
      preferredSkills: [],
      budget: (opts.budget ?? 5_000_000n).toString(),
      token: m.token.address,
      deadline: Number(now) + 3_600,
      reviewPeriod: 600,
      arbiter: m.accounts.arbiter,
      criteria: starterCriteria(opts.requiredSkills),
    };
    const outcome = m.manager.outcome(spec.taskId);
    await m.manager.announce(spec);
    await m.settle();
    const report = await outcome;
    outcomes[report.outcome] = (outcomes[report.outcome] ?? 0) + 1;
    const winner = m.manager.task(spec.taskId)?.winner?.agentId;
    if (winner) awards[winner] = (awards[winner] ?? 0) + 1;
  }
  const wallMs = performance.now() - start;
  const learned: RoundsReport["learned"] = {};
  for (const w of m.workers) {
    const s = m.market.tracker.stats(w.agentId);
    learned[w.agentId] = { successRate: s.successRate, calibration: round(s.calibration), reputation: round(s.reputation) };
  }
  return {
    rounds: opts.rounds,
    wallMs: Math.round(wallMs),
    msPerTask: Math.round(wallMs / opts.rounds),
    outcomes,
    awards,
    learned,
    solicitations: { asked: m.market.solicitations.asked, notAsked: m.market.solicitations.capable - m.market.solicitations.asked },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
