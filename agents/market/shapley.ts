import { seededRandom } from "../random.js";
import { MarketInputError } from "./errors.js";

/** A coalition game over players 0..n-1: the value of the coalition whose members are the set bits of `mask`. */
export type CoalitionValue = (mask: number) => number;

/** Players up to which {@link shapley} computes exact values (2^n coalitions). */
export const EXACT_MAX_PLAYERS = 10;
/** Most players a game may have: coalitions are 31-bit masks. */
export const MAX_PLAYERS = 30;

export interface ShapleyResult {
  values: number[];
  exact: boolean;
  /** Sampled only: permutations drawn, and the Hoeffding bound they give (see {@link hoeffdingSamples}). */
  samples?: number;
  /** Sampled only: every value is within `epsilon` of the exact one with probability at least 1 - delta. */
  bound?: { epsilon: number; delta: number };
}

export interface SamplingOptions {
  /** Width of the interval every marginal contribution lies in (e.g. the most a task can be worth). */
  range: number;
  /** Target absolute error per player (same unit as the values). Default range / 20. */
  epsilon?: number;
  /** Allowed probability that any player's estimate misses by more than epsilon. Default 0.05. */
  delta?: number;
  seed?: number;
}

function checkPlayers(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PLAYERS) {
    throw new MarketInputError(`a game needs 1 to ${MAX_PLAYERS} players, got ${n}`, { code: "MARKET_BAD_PLAYERS", details: { n } });
  }
}

/**
 * Permutations needed so that every one of `players` sampled Shapley values is within `epsilon`
 * of the exact value with probability at least 1 - delta. Each sample is one marginal
 * contribution in an interval of width `range`; Hoeffding gives P(|mean - φ| ≥ ε) ≤ 2·exp(-2mε²/range²)
 * per player, and a union bound over the players gives m ≥ range²·ln(2·players/δ) / (2ε²).
 *
 * @example
 * hoeffdingSamples({ range: 1, epsilon: 0.05, delta: 0.05, players: 20 }); // 1337
 */
export function hoeffdingSamples(o: { range: number; epsilon: number; delta: number; players: number }): number {
  if (!(o.range > 0) || !(o.epsilon > 0) || !(o.delta > 0 && o.delta < 1) || !(o.players >= 1)) {
    throw new MarketInputError("hoeffdingSamples needs range > 0, epsilon > 0, 0 < delta < 1, players >= 1", {
      code: "MARKET_BAD_BOUND",
      details: { ...o },
    });
  }
  return Math.ceil((o.range * o.range * Math.log((2 * o.players) / o.delta)) / (2 * o.epsilon * o.epsilon));
}

/**
 * Exact Shapley values: φ_i = Σ over coalitions S without i of |S|!(n-|S|-1)!/n! · (v(S∪{i}) - v(S)).
 * Evaluates v once per coalition (2^n calls), so keep n ≤ {@link EXACT_MAX_PLAYERS}.
 *
 * @example
 * shapleyExact(2, (m) => (m === 3 ? 10 : 0)); // [5, 5]
 */
export function shapleyExact(n: number, v: CoalitionValue): number[] {
  checkPlayers(n);
  const size = 1 << n;
  const table = new Float64Array(size);
  for (let m = 0; m < size; m++) table[m] = v(m);
  const fact = [1];
  for (let k = 1; k <= n; k++) fact.push(fact[k - 1]! * k);
  const weight = Array.from({ length: n }, (_, s) => (fact[s]! * fact[n - s - 1]!) / fact[n]!);
  const values = new Array<number>(n).fill(0);
  for (let m = 0; m < size; m++) {
    const s = popcount(m);
    for (let i = 0; i < n; i++) {
      if (m & (1 << i)) continue;
      values[i]! += weight[s]! * (table[m | (1 << i)]! - table[m]!);
    }
  }
  return values;
}

/**
 * Monte Carlo Shapley values: the mean marginal contribution of each player over `samples`
 * uniformly random orderings (seeded, so reproducible). Unbiased; see {@link hoeffdingSamples}.
 */
export function shapleySampled(n: number, v: CoalitionValue, samples: number, seed = 1): number[] {
  checkPlayers(n);
  const rand = seededRandom(seed);
  const sums = new Array<number>(n).fill(0);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let s = 0; s < samples; s++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let mask = 0;
    let before = v(0);
    for (const p of order) {
      mask |= 1 << p;
      const after = v(mask);
      sums[p]! += after - before;
      before = after;
    }
  }
  return sums.map((x) => x / samples);
}

/**
 * Shapley values of an n-player game: exact up to {@link EXACT_MAX_PLAYERS} players, sampled
 * beyond with as many permutations as the Hoeffding bound needs for `epsilon` and `delta`.
 *
 * @example
 * const { values, exact } = shapley(3, value, { range: 100 });
 */
export function shapley(n: number, v: CoalitionValue, sampling: SamplingOptions): ShapleyResult {
  if (n <= EXACT_MAX_PLAYERS) return { values: shapleyExact(n, v), exact: true };
  const epsilon = sampling.epsilon ?? sampling.range / 20;
  const delta = sampling.delta ?? 0.05;
  const samples = hoeffdingSamples({ range: sampling.range, epsilon, delta, players: n });
  return { values: shapleySampled(n, v, samples, sampling.seed), exact: false, samples, bound: { epsilon, delta } };
}

function popcount(m: number): number {
  let c = 0;
  for (let x = m; x; x &= x - 1) c++;
  return c;
}
