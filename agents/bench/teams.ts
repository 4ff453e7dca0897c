import { keyedUniform, seededRandom } from "../random.js";
import type { TeamCandidate } from "../market/coalition.js";
import { formTeams } from "../market/teams.js";
import { percentile, sig } from "./stats.js";

const SKILLS = ["summarise", "translate", "research", "code", "audit", "design"] as const;

export interface StrategyOutcome {
  successRate: number;
  totalCost: number;
  awards: number;
}

export interface TeamsSection {
  tasks: number;
  candidates: number;
  team: StrategyOutcome;
  bestSingle: StrategyOutcome;
  noAward: StrategyOutcome;
  /** p99 wall time of formTeams (form and value the candidate teams, Shapley shares) per task. */
  formP99Ms: number;
}

interface Worker {
  id: string;
  truth: Record<string, number>;
  cost: number;
}

/**
 * The teams section: `tasks` multi-skill tasks (2 to 4 of six skills, reward 100), each offered
 * to `candidates` workers drawn from a seeded population of specialists (one or two skills, high
 * success) and generalists (three to five skills, middling success). The manager sees each
 * worker's calibrated success (hidden truth ± 0.05) and price. Strategies, on the same draws:
 * `team` = {@link formTeams}' award (a team, or the single worker when it is better);
 * `bestSingle` = the single worker with the best expected value among those that hold every
 * skill, nothing if none does; `noAward`. A task succeeds if every skill's part succeeds with the
 * true probability of the member doing it. Costs are what the awarded workers charge.
 *
 * @example
 * const teams = benchTeams({ tasks: 1_000 });
 */
export function benchTeams(o: { tasks?: number; candidates?: number; seed?: number } = {}): TeamsSection {
  const tasks = o.tasks ?? 1_000;
  const candidates = o.candidates ?? 10;
  const seed = o.seed ?? 1;
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[], k: number): T[] => {
    const a = [...xs];
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(rand() * (a.length - i));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, k);
  };
  const population: Worker[] = Array.from({ length: 40 }, (_, w) => {
    const specialist = w % 2 === 0;
    const skills = pick(SKILLS, specialist ? 1 + Math.floor(rand() * 2) : 3 + Math.floor(rand() * 3));
    const truth = Object.fromEntries(skills.map((s) => [s, specialist ? 0.88 + rand() * 0.11 : 0.6 + rand() * 0.25]));
    return { id: `w${w}`, truth, cost: Math.round((specialist ? 4 + rand() * 6 : 6 + rand() * 8) * 100) / 100 };
  });
  const out = { team: zero(), bestSingle: zero(), noAward: zero() };
  const times: number[] = [];
  for (let t = 0; t < tasks; t++) {
    const required = pick(SKILLS, 2 + Math.floor(rand() * 3));
    const offered = pick(population, candidates);
    const seen: TeamCandidate[] = offered.map((w) => ({
      agentId: w.id,
      success: Object.fromEntries(Object.entries(w.truth).map(([s, p]) => [s, clamp01(p + (rand() - 0.5) * 0.1)])),
      cost: w.cost,
    }));
    const start = performance.now();
    const d = formTeams({ requiredSkills: required, reward: 100 }, seen);
    times.push(performance.now() - start);
    const byId = new Map(offered.map((w) => [w.id, w]));
    const seenById = new Map(seen.map((c) => [c.agentId, c]));
    const settle = (s: StrategyOutcome, members: string[]) => {
      s.awards++;
      s.totalCost += members.reduce((a, m) => a + byId.get(m)!.cost, 0);
      // Each part goes to the member that looks best at it, as the coalition game assigns it.
      const parts = required.map((skill) => {
        const doer = members.reduce((b, m) => ((seenById.get(m)!.success[skill] ?? 0) > (seenById.get(b)!.success[skill] ?? 0) ? m : b));
        return byId.get(doer)!.truth[skill] ?? 0;
      });
      if (parts.every((p, k) => keyedUniform(seed, t, required[k]!, "part") < p)) s.successRate++;
    };
    if (d.award === "team") settle(out.team, d.teams[0]!.members);
    else if (d.award === "single") settle(out.team, [d.bestSingle!.agentId]);
    if (d.bestSingle && d.bestSingle.expectedValue > 0) settle(out.bestSingle, [d.bestSingle.agentId]);
  }
  const finish = (s: StrategyOutcome): StrategyOutcome => ({ successRate: sig(s.successRate / tasks, 4), totalCost: sig(s.totalCost, 6), awards: s.awards });
  times.sort((a, b) => a - b);
  return { tasks, candidates, team: finish(out.team), bestSingle: finish(out.bestSingle), noAward: finish(out.noAward), formP99Ms: percentile(times, 99) };
}

const zero = (): StrategyOutcome => ({ successRate: 0, totalCost: 0, awards: 0 });
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
