import { getAddress, type Hex } from "viem";
import { BidTermsCodec, type BidMessage } from "../protocol/messages.js";
import type { CandidateBid } from "../runtime/ports.js";
import type { Sender } from "../transport/Transport.js";
import { checkBid } from "./checkBid.js";
import type { ManagerCore } from "./managerTypes.js";
import { matchesBid } from "../runtime/matchesBid.js";
import { taskRef } from "./settle.js";

/**
 * Checks one bid against the open task and keeps it; a refused bid is answered with a `reject`
 * carrying the typed reason. Closes bidding once every asked agent has bid.
 */
export async function takeBid(core: ManagerCore, m: BidMessage, from: Sender): Promise<void> {
  const { deps, options, log } = core;
  const taskId = m.taskId.toLowerCase() as Hex;
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
  list.push({ worker: check.terms.worker, agentId: m.agentId, terms: check.terms, signature: m.signature as Hex, estimate: m.estimate });
  core.bids.set(taskId, list);
  core.tasks.save(taskId, { ...r!, bidsReceived: list.length });
  log.info("bid accepted", { taskId, agentId: m.agentId, price: m.estimate.price });
  // A hosted manager (MCP) leaves the award to its host's model.
  if (!options.hostDecides && asked.every((c) => list.some((b) => b.worker === getAddress(c.address)))) await closeBidding(core, taskId);
}

/**
 * The award loop: ranks the bids and funds the escrow with the best one; when funding fails
 * (an expired bid, a cancelled nonce) it tries the runner-up. The award *is* the funding call.
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

/**
 * The award: funds the escrow with one bid (its signed terms and signature), then tells the
 * winner and rejects the others. A failed funding that nonetheless left the escrow holding the
 * bid (a lost receipt) counts as funded; otherwise the error is returned and nothing is sent.
 */
export async function awardBid(core: ManagerCore, taskId: Hex, bid: CandidateBid, others: readonly CandidateBid[]): Promise<{ ok: true; fundTx?: Hex } | { ok: false; error: Error }> {
  const { deps, log } = core;
  const r = core.tasks.load(taskId)!;
  const winner = { worker: bid.worker, agentId: bid.agentId, terms: BidTermsCodec.encode(bid.terms), signature: bid.signature, estimate: bid.estimate };
  // Persist the chosen bid before funding: a crash between the two must not orphan the escrow.
  core.tasks.save(taskId, { ...r, winner });
  let fundTx: Hex | undefined;
  try {
    fundTx = (await deps.escrow.fund({ bid: bid.terms, signature: bid.signature })).hash;
  } catch (err) {
    // A lost receipt (RPC timeout) can hide a mined funding: believe the chain, not the error.
    const onChain = await deps.escrow.getTask(taskRef(core, taskId)).catch(() => undefined);
    if (!onChain || !matchesBid(onChain, bid.terms)) {
      core.tasks.save(taskId, r);
      return { ok: false, error: err as Error };
    }
    log.warn("funding reported an error but the escrow is funded", { taskId, error: (err as Error).message.split("\n")[0] });
  }
  deps.market.recordAward(bid);
  core.tasks.save(taskId, { ...r, phase: "awarded", winner: { ...winner, fundTx } });
  log.info("awarded", { taskId, agentId: bid.agentId, amount: bid.terms.amount.toString(), tx: fundTx });
  await core.tell(bid.worker, { type: "award", taskId, worker: bid.worker, fundTx });
  for (const loser of others) await core.tell(loser.worker, { type: "reject", taskId, worker: loser.worker, code: "outbid", reason: `awarded to ${bid.agentId}` });
  return { ok: true, ...(fundTx ? { fundTx } : {}) };
}
