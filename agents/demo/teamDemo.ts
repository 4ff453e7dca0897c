import { getAddress, keccak256, stringToHex, type Address, type PublicClient, type WalletClient } from "viem";
import { createEscrowClient } from "../chain/escrow.js";
import type { SimulatedWorker } from "../llm/simulatedWorkers.js";
import { starterCriteria } from "../protocol/criteria.js";
import type { TaskSpec } from "../protocol/task.js";
import type { LocalMarket } from "../wiring/createLocalMarket.js";
import { DEADLINE_AFTER, REVIEW_PERIOD } from "./scenario.js";
import { minTeamSize, teamSkillSets } from "../market/teamSkillSets.js";
import { BidTerms, claimBps, teamClaimBoundBps } from "../protocol/messages.js";

export interface TeamDemoResult {
  skills: string[];
  team: Address;
  /** How the escrow settled the team's task. */
  status: string;
  /** Each member's share, what distribute paid it, and whether the review of the team now counts in its reputation. */
  members: { agentId: string; address: Address; shareBps: number; paid: string; reviewCredited: boolean }[];
  amount: string;
  /** The team bid's claimed success and the most its members' own claims allow (⌊Π claims / 10,000^(n−1)⌋), in bps. */
  claimBps: number;
  claimBoundBps: number;
  /** What the escrow paid the team (amount minus fee), all of it distributed. */
  payout: string;
}

/**
 * Three freelancers, each the only holder of one skill no planned task needs: a task needing all
 * three can only go to a team of the three (the five named workers' skills let two of them cover
 * any three of theirs). The demo registers them when accounts remain (up to 13 workers).
 */
export const TEAM_SPECIALISTS: SimulatedWorker[] = [
  { profile: { agentId: "una", skills: ["design"], costPerStep: 50_000, maxSteps: 30 }, truth: { trueSuccessRate: 0.95, overconfidence: 1 } },
  { profile: { agentId: "vic", skills: ["legal"], costPerStep: 60_000, maxSteps: 30 }, truth: { trueSuccessRate: 0.9, overconfidence: 1 } },
  { profile: { agentId: "wyn", skills: ["data"], costPerStep: 40_000, maxSteps: 30 }, truth: { trueSuccessRate: 0.95, overconfidence: 1 } },
];

/**
 * Skill sets only a team can do, those needing the most members first, then those the fewest workers
 * hold any of (so the three specialists' own skills come first, held by one worker each).
 */
function teamSkillSetsBySize(workers: readonly SimulatedWorker[]): string[][] {
  const held = workers.map((w) => w.profile.skills);
  const holders = (set: readonly string[]) => held.filter((h) => set.some((s) => h.includes(s))).length;
  return teamSkillSets(held, 3).sort((a, b) => minTeamSize(held, b) - minTeamSize(held, a) || holders(a) - holders(b));
}

/** A demo task that needs `skills`, worth 5 tokens, with the starter acceptance criteria. */
async function teamSpec(m: LocalMarket, skills: string[]): Promise<TaskSpec> {
  const now = Number((await m.publicClient.getBlock()).timestamp);
  return {
    taskId: keccak256(stringToHex(`team task ${skills.join("+")}`)),
    title: `Team task ${skills.join(" + ")}`,
    description: `A job needing ${skills.join(", ")}: no single worker has them all.`,
    requiredSkills: skills,
    preferredSkills: [],
    budget: "5000000",
    token: m.token.address,
    deadline: now + DEADLINE_AFTER,
    reviewPeriod: REVIEW_PERIOD,
    arbiter: m.accounts.arbiter,
    criteria: starterCriteria(skills),
  };
}

/**
 * One team task, through the manager's own award loop: the manager announces a task needing three
 * skills no single worker has; nobody registered covers them, so it is a team call and the
 * workers holding some of them bid for their part; the manager forms the team from those bids
 * (formTeams: Shapley shares), makes its TeamAccount, has every member sign the team bid and funds
 * it. The team's side (its lead, the first member: the work, then every member's signature of
 * the team wallet's submit call asked over the network, worker/teamDelivery.ts) submits through
 * `execute` and delivers; the manager judges, releases and reviews the team like any worker;
 * anyone distributes, and the indexer credits each member with the review by its share.
 */
export async function runTeamTask(
  m: LocalMarket,
  c: { publicClient: PublicClient; funder: WalletClient; workers: readonly SimulatedWorker[] },
): Promise<TeamDemoResult | undefined> {
  const indexOf = (a: Address) => m.accounts.workers.findIndex((w) => getAddress(w) === getAddress(a));
  for (const skills of teamSkillSetsBySize(c.workers).slice(0, 3)) {
    const spec = await teamSpec(m, skills);
    const countsBefore = new Map(await Promise.all(m.accounts.workers.map(async (a) => [a, (await m.indexer!.reputation(a)).count] as const)));
    const before = new Map(await Promise.all(m.accounts.workers.map(async (a) => [a, (await m.token.read.balanceOf([a])) as bigint] as const)));
    await m.manager.announce(spec);
    await m.settle();
    const taskId = spec.taskId;
    const winner = m.manager.task(taskId)?.winner;
    if (!winner?.team) continue; // formTeams found no team worth its cost: the task stays unawarded
    const team = getAddress(winner.worker);
    const members = winner.team.members;
    // The award went to the members' agents: the lead did the work, every member signed the team's submit call over
    // the network (each with its own key), the lead sent execute and delivered; the manager judged, released and reviewed.
    await m.settle();
    const escrow = createEscrowClient({ publicClient: c.publicClient, walletClient: c.funder, address: m.escrowAddress });
    const chain = await escrow.getTask({ client: m.accounts.manager, taskId });
    // Told of the release, the team's lead distributed what the escrow paid the wallet (worker/teamSettle.ts).
    const paid = await Promise.all(members.map(async (x) => ((await m.token.read.balanceOf([x.address])) as bigint) - before.get(x.address)!));
    const payout = paid.reduce((a, b) => a + b, 0n);
    await m.syncIndexerClock();
    await m.indexer!.syncJury(); // the factory's TeamCreated: who is in the team
    return {
      skills,
      team,
      status: chain.status,
      members: await Promise.all(
        members.map(async (x, i) => ({
          agentId: c.workers[indexOf(x.address)]!.profile.agentId,
          address: x.address,
          shareBps: x.shareBps,
          paid: paid[i]!.toString(),
          reviewCredited: (await m.indexer!.reputation(x.address)).count === countsBefore.get(x.address)! + 1 && (await m.indexer!.teams(x.address)).teams.some((t) => t.team === team),
        })),
      ),
      amount: chain.terms.amount.toString(),
      claimBps: BidTerms.decode(winner.terms).claimedSuccessBps,
      claimBoundBps: teamClaimBoundBps(members.map((x) => claimBps(x.claimedSuccess))),
      payout: payout.toString(),
    };
  }
  return undefined;
}
