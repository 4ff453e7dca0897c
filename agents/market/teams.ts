import { MarketInputError } from "./errors.js";
import { TeamCandidate, TeamTask, coalitionGame } from "./coalition.js";
import type { CoalitionGame } from "./coalition.js";
import { shapley } from "./shapley.js";

export interface SingleOption {
  agentId: string;
  expectedValue: number;
}

export interface TeamOption {
  members: string[];
  /** reward·P(team) − Σ member costs. */
  expectedValue: number;
  /** Each member's price, in `members` order. */
  costs: number[];
  /** Each member's Shapley value of the team's game v (sums to expectedValue). */
  shapley: number[];
  /**
   * Payout shares in basis points, in `members` order, summing to 10_000 (each at least 1): the
   * Shapley values of the gross game v(S) + Σ costs of S's members, i.e. price + Shapley value of
   * the expected surplus (additivity), normalised. Every member's price is covered before the
   * surplus is split, and essential members split the surplus equally.
   */
  sharesBps: number[];
  /** Whether the Shapley values are exact (teams up to 10 members) or sampled within a stated bound. */
  exact: boolean;
}

export interface TeamDecision {
  /** "team" when no single candidate covers every skill, or the best team beats the best single. */
  award: "single" | "team" | "none";
  bestSingle?: SingleOption;
  /** Candidate teams (two members or more), best first. */
  teams: TeamOption[];
}

/**
 * Decides between a single worker and a team for a multi-skill task, and values the candidate
 * teams: each is a set of candidates that does the task best among its own subsets (see
 * {@link coalitionGame}); its members' payout shares are their Shapley values in the team's game.
 *
 * @example
 * const d = formTeams({ requiredSkills: ["code", "audit", "translate"], reward: 100 }, candidates);
 * if (d.award === "team") createTeam(d.teams[0].members, d.teams[0].sharesBps);
 */
export function formTeams(task: TeamTask, candidates: readonly TeamCandidate[], o: { maxTeams?: number; seed?: number } = {}): TeamDecision {
  const t = TeamTask.safeParse(task);
  const c = TeamCandidate.array().min(1).safeParse(candidates);
  if (!t.success || !c.success) {
    throw new MarketInputError("invalid team formation input", {
      code: "MARKET_INVALID_TEAM_INPUT",
      details: { issues: [...(t.error?.issues ?? []), ...(c.error?.issues ?? [])] },
    });
  }
  const game = coalitionGame(t.data, c.data);
  const ids = c.data.map((x) => x.agentId);
  let bestSingle: SingleOption | undefined;
  for (let i = 0; i < ids.length; i++) {
    const ev = game.worth(1 << i);
    const covers = ev + c.data[i]!.cost > 0;
    if (covers && (!bestSingle || ev > bestSingle.expectedValue)) bestSingle = { agentId: ids[i]!, expectedValue: ev };
  }
  const teams: TeamOption[] = [];
  for (const opt of game.ranked) {
    if (teams.length >= (o.maxTeams ?? 3)) break;
    if (opt.size < 2 || game.best(opt.mask) !== opt.mask) continue;
    teams.push(valueTeam(game, opt.mask, c.data, t.data.reward, o.seed));
  }
  const team = teams[0];
  const award =
    team && (!bestSingle || team.expectedValue > bestSingle.expectedValue)
      ? "team"
      : bestSingle && bestSingle.expectedValue > 0
        ? "single"
        : "none";
  return { award, ...(bestSingle ? { bestSingle } : {}), teams };
}

/** Shapley values of the game restricted to the members of `mask`, and shares from them. */
function valueTeam(game: CoalitionGame, mask: number, all: readonly TeamCandidate[], reward: number, seed?: number): TeamOption {
  const members: number[] = [];
  for (let i = 0; i < all.length; i++) if (mask & (1 << i)) members.push(i);
  const costs = members.map((i) => all[i]!.cost);
  const local = (m: number): number => {
    let global = 0;
    for (let j = 0; j < members.length; j++) if (m & (1 << j)) global |= 1 << members[j]!;
    return game.value(global);
  };
  const r = shapley(members.length, local, { range: reward, ...(seed === undefined ? {} : { seed }) });
  return {
    members: members.map((i) => all[i]!.agentId),
    expectedValue: game.value(mask),
    costs,
    shapley: r.values,
    sharesBps: toBasisPoints(r.values.map((phi, j) => phi + costs[j]!)),
    exact: r.exact,
  };
}

/**
 * Non-negative weights as basis points summing to exactly 10_000, each at least 1 (TeamAccount
 * refuses zero shares): floor, then the remainder by largest fractional part.
 *
 * @example
 * toBasisPoints([1, 1, 1]); // [3334, 3333, 3333]
 */
export function toBasisPoints(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + Math.max(0, b), 0);
  if (weights.length === 0 || weights.length > 10_000 || !(total > 0)) {
    throw new MarketInputError("shares need at least one positive weight", { code: "MARKET_BAD_SHARES", details: { weights } });
  }
  const exact = weights.map((w) => (Math.max(0, w) / total) * 10_000);
  const bps = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = 10_000 - bps.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) bps[order[k]!.i]! += 1;
  // Raising zeros to 1 may overshoot; take the excess from the largest shares (always above 1 then).
  while (left < 0) {
    const i = bps.indexOf(Math.max(...bps));
    bps[i]! -= 1;
    left++;
  }
  return bps;
}
