import { getAddress, type Hex } from "viem";
import type { BidMessage } from "../protocol/messages.js";
import type { CandidateBid } from "../runtime/ports.js";
import type { Sender } from "../transport/Transport.js";
import { awardBid } from "./awardBid.js";
import { checkBid } from "./checkBid.js";
import type { ManagerCore } from "./managerTypes.js";
import { awardTeam } from "./teamAward.js";

/**
 * Checks one bid against the open task and keeps it; a refused bid is answered with a `reject`
 * carrying the typed reason. Closes bidding once every asked agent has bid.
 */
export async function takeBid(core: ManagerCore, m: BidMessage, from: Sender): Promise<void> {
  const { deps, options, log } = core;
  const { taskId } = m;
  // A bid speaks for the worker whose registered wallet sent it, never for someone else.
  if (getAddress(m.terms.worker) !== from.address) {
    log.warn("bid refused: not-the-bidder", { taskId, agentId: m.agentId, sender: from.address });
    await core.tell(from.address, { type: "reject", taskId, worker: from.address, code: "not-the-bidder", reason: "the bid's worker is not the agent that sent it" });
    return;
  }
  const r = core.tasks.load(taskId);
  const list = core.bids.get(taskId) ?? [];
  const asked = r?.asked ?? [];
  const check = await checkBid(m, {
    chainId: deps.escrow.chainId,
    escrow: deps.escrow.address,
    client: core.address,
    task: r && { spec: r.spec, specHash: r.specHash, open: r.phase === "bidding", bidders: list.map((b) => b.worker) },
    asked,
    notAsked: core.notAsked.get(taskId) ?? [],
    chainNow: await deps.escrow.now(),
    minValiditySeconds: options.minBidValiditySeconds,
  });
  if (!check.ok) {
    log.warn(`bid refused: ${check.reason}`, { taskId, agentId: m.agentId, detail: check.detail });
    await core.tell(from.address, { type: "reject", taskId, worker: from.address, code: check.reason, reason: check.detail.slice(0, 500) });
    return;
  }
  list.push({ worker: check.terms.worker, agentId: m.agentId, terms: check.terms, signature: m.signature, estimate: m.estimate });
  core.bids.set(taskId, list);
  core.tasks.save(taskId, { ...r!, bidsReceived: list.length });
  log.info("bid accepted", { taskId, agentId: m.agentId, price: m.estimate.price });
  // A hosted manager (MCP) leaves the award to its host's model.
  if (!options.hostDecides && asked.every((c) => list.some((b) => b.worker === getAddress(c.address)))) await closeBidding(core, taskId);
}

/**
 * The award loop: ranks the bids and funds the escrow with the best one; when funding fails
 * (an expired bid, a cancelled nonce) it tries the runner-up. The award *is* the funding call.
 * On a team call the bidders may be formed into a team first (teamAward.ts), when it is worth more.
 */
export async function closeBidding(core: ManagerCore, taskId: Hex): Promise<void> {
  const { deps, log } = core;
  const r = core.tasks.load(taskId);
  if (!r || r.phase !== "bidding") return;
  core.clock.clearTimeout(core.windows.get(taskId));
  core.windows.delete(taskId);
  const bids = core.bids.get(taskId) ?? [];
  core.bids.delete(taskId);
  core.notAsked.delete(taskId);
  let ranked: CandidateBid[] = [];
  try {
    // The indexer's history of each bidder counts only as far as its proofs check out on-chain.
    await deps.market.refreshHistory?.(bids.map((b) => ({ address: b.worker, agentId: b.agentId })));
    ranked = deps.market.rank(r.spec, bids, await deps.escrow.now());
  } catch (err) {
    log.warn("no bid awarded", { taskId, reason: (err as Error).message });
  }
  // A team call: a team formed from the bids wins when its expected value beats the best single
  // bid's (formTeams), and always when nobody bid for every skill; otherwise the single bids compete.
  if (r.teamCall) {
    const team = await awardTeam(core, taskId, bids).catch((err: unknown) => ({ ok: false as const, reason: (err as Error).message.split("\n")[0]! }));
    if (team.ok) return;
    log.info("no team awarded", { taskId, reason: team.reason, singleBids: ranked.length });
  }
  for (const bid of ranked) {
    const award = await awardBid(core, taskId, bid, bids.filter((b) => b !== bid));
    if (award.ok) return;
    // e.g. the worker cancelled its nonce or the bid expired meanwhile: try the runner-up.
    log.warn("funding failed, trying next bid", { taskId, agentId: bid.agentId, error: award.error.message.split("\n")[0] });
  }
  core.tasks.save(taskId, { ...r, phase: "unawarded", finalized: true, outcome: "unawarded" });
  for (const b of bids) await core.tell(b.worker, { type: "reject", taskId, worker: b.worker, code: "unawarded", reason: "no bid awarded" });
  await core.report(taskId, { outcome: "unawarded" });
}

