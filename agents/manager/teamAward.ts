import { hexToBigInt, isAddressEqual, keccak256, stringToHex, type Address, type Hex } from "viem";
import { sortTeam } from "../chain/teamSignature.js";
import { formTeams } from "../market/teams.js";
import type { BidTerms } from "../protocol/eip712.js";
import { claimBps, teamClaimBoundBps } from "../protocol/messages.js";
import type { CandidateBid } from "../runtime/ports.js";
import { awardBid } from "./awardBid.js";
import type { ManagerCore, TaskRecord, TeamRecord } from "./managerTypes.js";
import { addressKey } from "../protocol/codecs.js";

/** Why no team was awarded (logged), or the funded team. */
export type TeamAwardResult = { ok: true; team: Address; record: TeamRecord } | { ok: false; reason: string };

/** The team worth awarding on a task, before anyone is asked to sign: its members' bids, the split, and what it asks. */
export interface TeamPlan {
  /** The members' own bids, in member (ascending address) order. */
  chosen: CandidateBid[];
  members: Address[];
  sharesBps: number[];
  amount: bigint;
  /** P(team) as formTeams valued it, and the team's expected value at `amount`: budget × success − amount. */
  success: number;
  value: number;
  /** formTeams' expected value of the team at its members' prices, and of the best single bid (if any). */
  formedValue: number;
  bestSingle: number | undefined;
}

/**
 * The team a team call's bids make, if any is worth awarding: values candidate teams from the bids
 * (each bidder's calibrated success on the required skills it holds, its price as its cost;
 * {@link formTeams}), and when the best team is worth its cost and more than the best single bid
 * for every skill (if any), the amount that pays each member at least its own price under its
 * Shapley share (at least the sum of their prices, at most the budget). No message, no
 * transaction: the built-in manager binds it at once ({@link awardTeam}); a hosted manager shows
 * it to its host (list_bids) and binds it when told.
 *
 * @example
 * const plan = await planTeam(core, taskId, bids);
 * if (plan.ok) log.info("team worth awarding", { members: plan.plan.members, amount: plan.plan.amount });
 */
export async function planTeam(core: ManagerCore, taskId: Hex, bids: readonly CandidateBid[]): Promise<{ ok: true; plan: TeamPlan } | { ok: false; reason: string }> {
  const { deps } = core;
  const r = core.tasks.load(taskId) as TaskRecord;
  if (!deps.teams) return { ok: false, reason: "no team factory configured" };
  if (!r.teamCall) return { ok: false, reason: "not a team call (a single-skill task, or every asked agent holds every skill)" };
  const skillsOf = (b: CandidateBid) => r.asked?.find((a) => isAddressEqual(a.address, b.worker))?.skills ?? [];
  const usable = bids.filter((b) => skillsOf(b).length > 0);
  if (usable.length < 2) return { ok: false, reason: `${usable.length} usable bid(s) for a team` };
  const now = await deps.escrow.now();
  // The same calibration the single award uses: claimed success x the bidder's calibration factor.
  const calibrated = new Map((deps.market.explain?.(r.spec, [...usable], now) ?? []).map((s) => [s.agentId, s.calibratedSuccess]));
  const candidates = usable.map((b) => {
    const p = calibrated.get(b.agentId) ?? b.estimate.successProbability;
    return { agentId: b.agentId, success: Object.fromEntries(skillsOf(b).map((s) => [s, p])), cost: Number(b.terms.amount) };
  });
  const decision = formTeams({ requiredSkills: r.spec.requiredSkills, reward: Number(r.spec.budget) }, candidates);
  const best = decision.teams[0];
  if (decision.award !== "team" || !best) return { ok: false, reason: `formTeams: ${decision.award} (${decision.teams.length} candidate teams)` };
  const picked = best.members.map((id) => usable.find((b) => b.agentId === id)!);
  const sorted = sortTeam(picked.map((b) => b.worker), best.sharesBps);
  const chosen = sorted.members.map((a) => picked.find((b) => isAddressEqual(b.worker, a))!);
  // The team asks enough that each member's share pays at least its own bid's price (members sign nothing less).
  const amount = chosen.reduce((most, b, i) => {
    const needed = (b.terms.amount * 10_000n + BigInt(sorted.shares[i]!) - 1n) / BigInt(sorted.shares[i]!);
    return needed > most ? needed : most;
  }, chosen.reduce((sum, b) => sum + b.terms.amount, 0n));
  if (amount > BigInt(r.spec.budget)) return { ok: false, reason: `paying every member its price under its Shapley share takes ${amount}, above the budget ${r.spec.budget}` };
  // P(team) from its expected value: reward x P - sum of costs; then valued at what the team asks.
  const success = Math.min(1, (best.expectedValue + best.costs.reduce((a, b) => a + b, 0)) / Number(r.spec.budget));
  const value = Number(r.spec.budget) * success - Number(amount);
  if (value <= Math.max(0, decision.bestSingle?.expectedValue ?? 0)) return { ok: false, reason: `at ${amount} the team is worth ${value.toFixed(0)}, not more than ${decision.bestSingle ? "the best single bid" : "nothing"}` };
  return { ok: true, plan: { chosen, members: sorted.members, sharesBps: sorted.shares, amount, success, value, formedValue: best.expectedValue, bestSingle: decision.bestSingle?.expectedValue } };
}

/**
 * The award of a team call ({@link planTeam}, then {@link bindTeam}): the best team, when one is
 * worth more than the best single bid, is signed by every member, created and funded. Members are
 * not rejected; the other bidders are.
 *
 * @example
 * const r = await awardTeam(core, taskId, bids); // from closeBidding, before the single bids compete
 */
export async function awardTeam(core: ManagerCore, taskId: Hex, bids: readonly CandidateBid[]): Promise<TeamAwardResult> {
  const planned = await planTeam(core, taskId, bids);
  return planned.ok ? bindTeam(core, taskId, planned.plan, bids) : planned;
}

/**
 * Binds a planned team: has every member sign the team's one bid for the TeamAccount of that split
 * (over the network, manager/teamSigning.ts; a refusal or silence throws TeamSigningError before
 * any gas is spent), then creates the wallet and funds the escrow with the bid, like any award.
 */
export async function bindTeam(core: ManagerCore, taskId: Hex, plan: TeamPlan, bids: readonly CandidateBid[]): Promise<TeamAwardResult> {
  const { deps, log } = core;
  const r = core.tasks.load(taskId) as TaskRecord;
  if (!deps.teams) return { ok: false, reason: "no team factory configured" };
  const { chosen, amount, success, value } = plan;
  const sorted = { members: plan.members, shares: plan.sharesBps };
  const team = await deps.teams.predict(sorted.members, sorted.shares);
  // The team claims no more than its members' own claims support together (each part must succeed).
  const claimsBps = chosen.map((b) => b.terms.claimedSuccessBps);
  const expiry = chosen.reduce((e, b) => (b.terms.expiry < e ? b.terms.expiry : e), chosen[0]!.terms.expiry);
  const terms: BidTerms = {
    taskId,
    specHash: r.specHash,
    client: core.address,
    worker: team,
    token: r.spec.token,
    amount,
    arbiter: r.spec.arbiter,
    deadline: BigInt(r.spec.deadline),
    reviewPeriod: BigInt(r.spec.reviewPeriod),
    expiry,
    // One nonce per task: the same members and shares make the same team for other tasks.
    nonce: hexToBigInt(keccak256(stringToHex(`team bid ${taskId}`))) >> 8n,
    claimedSuccessBps: Math.min(claimBps(success), teamClaimBoundBps(claimsBps)),
  };
  // Every member signs first (over the network: teamSigning.ts); a refusal costs nobody the wallet's gas.
  const signature = await deps.teams.signBid({ members: sorted.members, sharesBps: sorted.shares, claimsBps }, terms);
  await deps.teams.create(sorted.members, sorted.shares);
  const record: TeamRecord = {
    members: chosen.map((b, i) => ({ address: sorted.members[i]!, agentId: b.agentId, shareBps: sorted.shares[i]!, price: b.terms.amount.toString(), claimedSuccess: b.estimate.successProbability })),
    success,
    expectedValue: value,
  };
  const teamBid: CandidateBid = {
    worker: team,
    agentId: `team:${addressKey(team)}`,
    terms,
    signature,
    estimate: {
      price: amount.toString(),
      estimatedSteps: chosen.reduce((a, b) => a + b.estimate.estimatedSteps, 0),
      estimatedSeconds: Math.max(...chosen.map((b) => b.estimate.estimatedSeconds)),
      successProbability: success,
      rationale: `team of ${record.members.map((m) => `${m.agentId} ${m.shareBps / 100}%`).join(", ")} (Shapley shares)`,
    },
  };
  const others = bids.filter((b) => !chosen.includes(b));
  const award = await awardBid(core, taskId, teamBid, others, { team: record, memberBids: chosen });
  if (!award.ok) return { ok: false, reason: `funding the team failed: ${award.error.message.split("\n")[0]}` };
  log.info("awarded to a team", { taskId, team, members: record.members.map((m) => m.agentId), shares: sorted.shares, expectedValue: plan.formedValue, bestSingle: plan.bestSingle });
  return { ok: true, team, record };
}
