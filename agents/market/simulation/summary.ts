import { runSimulation } from "./run.js";
import type { SimulationReport } from "./run.js";
import type { SimulationConfig } from "./population.js";

export interface SimulationSummary {
  seeds: (number | string)[];
  /** Mean and worst value of each goal over the seeds. */
  successVsOracle: { mean: number; min: number };
  badHireReduction: { mean: number; min: number };
  calibrationError: { mean: number; max: number };
  /** Whitewashers' share of the market's awards after warm-up (goal ≤ 0.05). */
  whitewashShare: { mean: number; max: number };
  /** market / oracle total cost after warm-up, mean over seeds. */
  costVsOracle: number;
  solicitationsSavedShare: number;
  /** Goals met by the means. */
  met: boolean;
  runs: SimulationReport[];
}

/**
 * Runs the simulation for several seeds and summarises the goals, since one seed's figure
 * carries sampling noise of a few percent.
 *
 * @example
 * summariseSimulation([1, 2, 3]).successVsOracle.mean;
 */
export function summariseSimulation(seeds: readonly (number | string)[], overrides: Partial<SimulationConfig> = {}): SimulationSummary {
  const runs = seeds.map((seed) => runSimulation({ ...overrides, seed }));
  const values = (f: (r: SimulationReport) => number) => runs.map(f);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = values((r) => r.goals.successVsOracle);
  const bad = values((r) => r.goals.badHireReduction);
  const cal = values((r) => r.goals.calibrationError);
  const wash = values((r) => r.goals.whitewashShare);
  const cost = values((r) => r.strategies.market.afterWarmup.totalCost / r.strategies.oracle.afterWarmup.totalCost);
  const saved = values((r) => r.solicitations.saved / r.solicitations.withoutFilter);
  const summary = {
    seeds: [...seeds],
    successVsOracle: { mean: mean(ratio), min: Math.min(...ratio) },
    badHireReduction: { mean: mean(bad), min: Math.min(...bad) },
    calibrationError: { mean: mean(cal), max: Math.max(...cal) },
    whitewashShare: { mean: mean(wash), max: Math.max(...wash) },
    costVsOracle: mean(cost),
    solicitationsSavedShare: mean(saved),
  };
  return {
    ...summary,
    met:
      summary.successVsOracle.mean >= 0.95 && summary.badHireReduction.mean >= 0.8 && summary.calibrationError.mean <= 0.05 && summary.whitewashShare.mean <= 0.05,
    runs,
  };
}
