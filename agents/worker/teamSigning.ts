import { isAddressEqual, type Address } from "viem";
import { bidTypedData } from "../protocol/eip712.js";
import { BidTerms, teamClaimBoundBps, type TeamAnswerMessage, type TeamRefusal, type TeamSignMessage } from "../protocol/messages.js";
import type { Sender } from "../transport/Transport.js";
import type { HostedWorkerCore } from "./workerTypes.js";

export type TeamSignCheck = { ok: true; terms: BidTerms } | { ok: false; code: TeamRefusal; reason: string };

/**
 * Whether a member may sign a team bid, before the factory is asked where the team's wallet is.
 * Pure. The request must come from the client this worker bid to on that task, bind the same task
 * terms as its own bid (expiring no later), name a valid split (members strictly ascending, shares
 * summing to 10,000, the dust member one of them) with this worker in it, and pay this worker at
 * least its own bid's price: `amount × share / 10,000 ≥ price`. The team's claimed success may not
 * exceed what its members' own claims support together (`memberClaimsBps`, ours equal to our bid's
 * claim; the bound is their product, {@link teamClaimBoundBps}): a member does not vouch for a
 * success rate beyond its own part's. Anything else is refused, so nobody gets a member's
 * signature for a split or a promise it did not agree to, or for another task.
 *
 * @example
 * const c = checkTeamSign(m, { self, from: from.address, ownBid });
 * if (!c.ok) answer(c.code, c.reason);
 */
export function checkTeamSign(m: TeamSignMessage, ctx: { self: Address; from: Address; ownBid?: BidTerms }): TeamSignCheck {
  const no = (code: TeamRefusal, reason: string): TeamSignCheck => ({ ok: false, code, reason });
  const own = ctx.ownBid;
  if (!own || own.taskId !== m.taskId) return no("no-bid", `no bid of ours on task ${m.taskId}`);
  if (!isAddressEqual(ctx.from, own.client)) return no("not-the-client", `${ctx.from} is not the client ${own.client} we bid to`);
  const t = m.terms;
  const differs: string[] = (["taskId", "specHash", "client", "token", "arbiter", "deadline", "reviewPeriod"] as const).filter((k) => t[k] !== own[k]); // both decoded by BidTerms: same case, bigints
  if (t.expiry > own.expiry) differs.push("expiry");
  if (differs.length > 0) return no("terms-mismatch", `the team bid differs from our bid in ${differs.join(", ")}`);
  const { members, sharesBps, memberClaimsBps: claims } = m;
  const ascending = members.every((a, i) => i === 0 || BigInt(members[i - 1]!) < BigInt(a));
  if (!ascending || sharesBps.length !== members.length || claims.length !== members.length || sharesBps.reduce((a, b) => a + b, 0) !== 10_000 || !members.some((a) => isAddressEqual(a, m.dustMember)))
    return no("bad-split", "members must be strictly ascending, one share and one claim each, shares summing to 10,000, the dust member one of them");
  const i = members.findIndex((a) => isAddressEqual(a, ctx.self));
  if (i < 0) return no("not-a-member", `${ctx.self} is not among the team's members`);
  const payout = (t.amount * BigInt(sharesBps[i]!)) / 10_000n;
  if (payout < own.amount) return no("share-below-price", `our share ${sharesBps[i]} bps of ${t.amount} pays ${payout}, below our price ${own.amount}`);
  if (claims[i] !== own.claimedSuccessBps) return no("claim-mismatch", `the request states our claim as ${claims[i]} bps, our bid claimed ${own.claimedSuccessBps}`);
  const bound = teamClaimBoundBps(claims);
  if (t.claimedSuccessBps > bound) return no("claim-too-high", `the team claims ${t.claimedSuccessBps} bps, its members' claims support at most ${bound}`);
  return { ok: true, terms: t };
}

/**
 * Answers a manager's `team-sign` request (protocol/teamMessages.ts): the checks of
 * {@link checkTeamSign}, then that the team wallet is the one this worker's own trusted
 * TeamAccountFactory makes for that split (`predict`), so the wallet pays the split signed for;
 * then signs the team bid's EIP-712 digest with its own key and sends it to the manager only.
 * A refusal is sent too, with its typed code, and costs the worker nothing.
 */
export async function answerTeamSign(core: Pick<HostedWorkerCore, "deps" | "address" | "tasks" | "tell" | "log">, m: TeamSignMessage, from: Sender): Promise<void> {
  const { deps } = core;
  const taskId = m.taskId;
  const r = core.tasks.load(taskId);
  const team = m.terms.worker;
  const reply = (answer: TeamAnswerMessage["answer"]) => core.tell(from.address, { type: "team-answer", taskId, team, answer });
  const check = checkTeamSign(m, { self: core.address, from: from.address, ...(r?.bid ? { ownBid: BidTerms.decode(r.bid) } : {}) });
  let refusal = check.ok ? undefined : { code: check.code, reason: check.reason };
  if (check.ok && !deps.teamFactory) refusal = { code: "no-team-factory", reason: "this worker trusts no TeamAccountFactory" };
  if (check.ok && !refusal) {
    const predicted = await deps.teamFactory!.predict(m.members, m.sharesBps, m.dustMember).catch(() => undefined);
    if (!predicted || !isAddressEqual(predicted, team)) refusal = { code: "team-mismatch", reason: `our factory makes ${predicted ?? "nothing"} for this split, not ${team}` };
  }
  // Only a request from the client we bid to is answered: nobody else learns what we would refuse.
  if (refusal?.code === "not-the-client" || refusal?.code === "no-bid") return core.log.warn(`team bid not signed: ${refusal.code}`, { taskId, sender: from.address, reason: refusal.reason });
  if (refusal) {
    core.log.warn(`team bid not signed: ${refusal.code}`, { taskId, team, reason: refusal.reason });
    await reply({ signed: false, ...refusal });
    return;
  }
  const terms = (check as { terms: BidTerms }).terms;
  const signature = await deps.signer.signTypedData(bidTypedData(deps.escrow.chainId, deps.escrow.address, terms));
  core.tasks.save(taskId, { ...r, team: { address: team, members: m.members, sharesBps: m.sharesBps } });
  core.log.info("signed the team bid", { taskId, team, shareBps: m.sharesBps[m.members.findIndex((a) => isAddressEqual(a, core.address))] });
  await reply({ signed: true, signature });
}
