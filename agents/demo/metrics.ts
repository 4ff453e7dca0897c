/**
 * Swarm metrics for the demo summary and the benchmarks. Pure functions over plain numbers.
 */

import type { SettledOutcome } from "../protocol/taskLifecycle.js";

/** The outcomes the demo counts: one per settlement path its scenario drives. */
export const DEMO_OUTCOMES = ["released", "auto-released", "ruled", "fallback-settled", "refunded", "declined"] as const satisfies readonly SettledOutcome[];
export type DemoOutcome = (typeof DEMO_OUTCOMES)[number];

/**
 * Gini coefficient of non-negative values: 0 when everyone earns the same, approaching 1 when
 * one agent earns everything. Empty input or an all-zero input gives 0.
 * @example gini([1n, 1n, 1n]) // 0
 */
export function gini(values: readonly (number | bigint)[]): number {
  const xs = values.map(Number).sort((a, b) => a - b);
  const n = xs.length;
  const total = xs.reduce((s, x) => s + x, 0);
  if (n === 0 || total === 0) return 0;
  if (xs[0]! < 0) throw new RangeError(`gini: negative value ${xs[0]}`);
  // G = (2 * sum_i i*x_(i)) / (n * sum x) - (n + 1) / n, with 1-based ranks over sorted values.
  let weighted = 0;
  xs.forEach((x, i) => (weighted += (i + 1) * x));
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

export interface SwarmMetrics {
  /** Share of settled tasks whose work was accepted (released or auto-released). */
  successRate: number;
  /** Share of settled tasks that went to dispute (ruled or fallback). */
  disputeRate: number;
  giniEarnings: number;
  /**
   * Share of agent time spent coordinating (announcing, bidding, awarding, settling on-chain,
   * reviewing) rather than doing the work itself.
   */
  coordinationOverhead: number;
}

export interface SwarmInputs {
  outcomes: readonly SettledOutcome[];
  earningsByWorker: readonly bigint[];
  /** Milliseconds spent coordinating, and milliseconds spent executing tasks. */
  coordinationMs: number;
  workMs: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** @example swarmMetrics({ outcomes: ["released"], earningsByWorker: [5n], coordinationMs: 1, workMs: 3 }) */
export function swarmMetrics(input: SwarmInputs): SwarmMetrics {
  const n = input.outcomes.length;
  const count = (...kinds: SettledOutcome[]) => input.outcomes.filter((o) => kinds.includes(o)).length;
  return {
    successRate: ratio(count("released", "auto-released"), n),
    disputeRate: ratio(count("ruled", "fallback-settled"), n),
    giniEarnings: gini(input.earningsByWorker),
    coordinationOverhead: ratio(input.coordinationMs, input.coordinationMs + input.workMs),
  };
}
