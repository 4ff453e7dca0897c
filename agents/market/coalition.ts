import { z } from "zod";
import { MarketInputError } from "./errors.js";
import { normaliseSkill } from "./registry.js";

/** A worker that could join a team: its calibrated success per skill and what it charges. */
export const TeamCandidate = z.strictObject({
  agentId: z.string().min(1),
  /** Calibrated success probability per skill it has, each in [0, 1]. */
  success: z.record(z.string(), z.number().min(0).max(1)),
  /** What it charges for its part (token units; the same whichever skills it covers). */
  cost: z.number().nonnegative(),
});
export type TeamCandidate = z.infer<typeof TeamCandidate>;

/** A task for team formation: the skills it needs and what its success is worth to the client. */
export const TeamTask = z.strictObject({
  requiredSkills: z.array(z.string().min(1)).min(1).max(8),
  /** Value of a successful result (e.g. the budget), token units. */
  reward: z.number().positive(),
});
export type TeamTask = z.infer<typeof TeamTask>;

/** The characteristic function of a task over candidates 0..n-1 (bit i of a mask = candidate i). */
export interface CoalitionGame {
  players: number;
  /** v(S): the best expected value S can deliver: max over U ⊆ S of reward·P(U) − cost(U), at least 0. */
  value(mask: number): number;
  /** The members (as a mask) of the U ⊆ S reaching {@link value}; the fewest members on ties. */
  best(mask: number): number;
  /** Expected value of exactly the members of `mask` working together (no one left out). */
  worth(mask: number): number;
  /** Every set of at most |skills| candidates with a positive worth, best first (fewest members on ties). */
  ranked: readonly { mask: number; worth: number; size: number }[];
}

/** Most small sets {@link coalitionGame} will enumerate before refusing (keeps formation fast). */
export const MAX_ENUMERATED_SETS = 200_000;

/**
 * Builds the task's coalition game. A set U of members does the task when every required skill
 * is held by one of them; each skill is done by the member best at it, the parts succeed
 * independently, so P(U) = Π over skills of the best success in U, and U costs the sum of its
 * members' prices. v(S) lets S leave out members that would not pay for themselves, which makes
 * v monotone with v(∅) = 0 and every marginal contribution in [0, reward]: a candidate that adds
 * nothing is a null player. Only members that are best at some skill can be in an optimal U, so U
 * has at most as many members as the task has skills; the search enumerates those small sets.
 *
 * @example
 * const game = coalitionGame({ requiredSkills: ["code", "audit"], reward: 100 }, candidates);
 * game.value((1 << candidates.length) - 1); // what the best team can expect to earn
 */
export function coalitionGame(task: TeamTask, candidates: readonly TeamCandidate[]): CoalitionGame {
  const skills = [...new Set(task.requiredSkills.map(normaliseSkill))];
  const n = candidates.length;
  if (n < 1 || n > 30) throw new MarketInputError(`team formation takes 1 to 30 candidates, got ${n}`, { code: "MARKET_BAD_PLAYERS" });
  const rate = candidates.map((c) => {
    const bySkill = new Map(Object.entries(c.success).map(([k, p]) => [normaliseSkill(k), p]));
    return skills.map((s) => bySkill.get(s) ?? 0);
  });
  const worth = (mask: number): number => {
    if (mask === 0) return 0;
    let p = 1;
    for (let k = 0; k < skills.length; k++) {
      let bestRate = 0;
      for (let i = 0; i < n; i++) if (mask & (1 << i) && rate[i]![k]! > bestRate) bestRate = rate[i]![k]!;
      p *= bestRate;
    }
    let cost = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) cost += candidates[i]!.cost;
    return task.reward * p - cost;
  };
  const useful = rate.filter((r) => r.some((x) => x > 0)).length;
  let sets = 0;
  for (let k = 1, c = 1; k <= skills.length && k <= useful; k++) sets += c = (c * (useful - k + 1)) / k;
  if (sets > MAX_ENUMERATED_SETS) {
    throw new MarketInputError(`team search over ${useful} candidates and ${skills.length} skills is too large`, {
      code: "MARKET_TEAM_SEARCH_TOO_LARGE",
      details: { candidates: useful, skills: skills.length, sets },
    });
  }
  // v(S) is the first of these sets that fits inside S.
  const options: { mask: number; worth: number; size: number }[] = [];
  const grow = (start: number, mask: number, size: number): void => {
    if (mask !== 0) {
      const w = worth(mask);
      if (w > 0) options.push({ mask, worth: w, size });
    }
    if (size === skills.length) return;
    for (let i = start; i < n; i++) if (rate[i]!.some((r) => r > 0)) grow(i + 1, mask | (1 << i), size + 1);
  };
  grow(0, 0, 0);
  options.sort((a, b) => b.worth - a.worth || a.size - b.size);
  const memo = new Map<number, { mask: number; worth: number }>();
  const search = (mask: number) => {
    let hit = memo.get(mask);
    if (!hit) {
      const o = options.find((x) => (x.mask & ~mask) === 0);
      hit = o ? { mask: o.mask, worth: o.worth } : { mask: 0, worth: 0 };
      memo.set(mask, hit);
    }
    return hit;
  };
  return { players: n, value: (m) => search(m).worth, best: (m) => search(m).mask, worth, ranked: options };
}
