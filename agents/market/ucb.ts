import { MarketInputError } from "./errors.js";

/**
 * UCB1 exploration bonus `c · √(2 ln N / nᵢ)`.
 *
 * - `N` is the number of awards made so far (all agents), `nᵢ` the awards to this agent.
 * - `ln N` is taken as `ln max(N, 1)`, so the bonus is 0 for explored agents before the
 *   second award: with a single data point there is nothing to explore against.
 * - An agent never awarded (`nᵢ = 0`) would get an infinite bonus. We give it the finite
 *   value `c · 2 · √(max(ln N, 1))`, i.e. the bonus of an agent with half an award (floored at
 *   `ln N = 1`): strictly larger than any explored agent's bonus at the same `N`, so newcomers
 *   that pass the success threshold get tried, yet finite, so the composite score still
 *   orders newcomers among themselves and arithmetic never sees `Infinity`.
 *
 * The bonus strictly decreases as `nᵢ` grows for fixed `N > 1`.
 *
 * @example
 * ucbBonus(100, 4);   // √(2·ln 100 / 4) ≈ 1.517
 * ucbBonus(100, 0);   // 2·√(ln 100) ≈ 4.292
 */
export function ucbBonus(totalAwards: number, agentAwards: number, explorationWeight = 1): number {
  if (!Number.isFinite(totalAwards) || totalAwards < 0) throw new MarketInputError("totalAwards must be a finite number >= 0", { details: { totalAwards } });
  if (!Number.isFinite(agentAwards) || agentAwards < 0) throw new MarketInputError("agentAwards must be a finite number >= 0", { details: { agentAwards } });
  const lnN = Math.log(Math.max(totalAwards, 1));
  if (agentAwards === 0) return explorationWeight * 2 * Math.sqrt(Math.max(lnN, 1));
  return explorationWeight * Math.sqrt((2 * lnN) / agentAwards);
}
