import { bytesToHex, isAddressEqual, recoverAddress, type Address, type Hex } from "viem";
import { bidDigest, type BidTerms } from "../protocol/eip712.js";
import { signedBy } from "../protocol/signatureCheck.js";
import { claimBps, type BidMessage, type RejectCode } from "../protocol/messages.js";
import type { TaskSpec } from "../protocol/task.js";

/** Why a bid was refused; the bidder is told (a `reject` with this code) and it is logged with the offending values. */
export type BidRejection = Exclude<RejectCode, "outbid" | "unawarded">;

export interface BidContext {
  chainId: number;
  escrow: Address;
  client: Address;
  /** The open task this bid claims to answer, if the manager knows it. */
  task?: { spec: TaskSpec; specHash: Hex; open: boolean; bidders: Address[] };
  /** The agents asked to bid (at most K): a bid must come from one of these, under its own agent id. */
  asked: { address: Address; agentId: string }[];
  /** Wallets of registered capable agents that were not asked: refused as `not-asked`, others as `incapable`. */
  notAsked: readonly Address[];
  /** Chain time (unix s); a bid must stay fundable for at least `minValiditySeconds` after it. */
  chainNow: bigint;
  minValiditySeconds: bigint;
}

export type BidCheck = { ok: true; terms: BidTerms } | { ok: false; reason: BidRejection; detail: string };

/**
 * Decides whether a schema-valid bid may compete. No chain or network access; the signature is
 * checked against the EIP-712 digest with viem's yes/no (protocol/signatureCheck.ts), and a
 * refused one is recovered to name its signer.
 *
 * @example
 * const c = await checkBid(msg, ctx);
 * if (!c.ok) log.warn(`bid ignored: ${c.reason}`, { detail: c.detail });
 */
export async function checkBid(msg: BidMessage, ctx: BidContext): Promise<BidCheck> {
  const no = (reason: BidRejection, detail: string): BidCheck => ({ ok: false, reason, detail });
  const t = msg.terms;
  const task = ctx.task;
  if (!task) return no("unknown-task", `task ${msg.taskId} was not announced here`);
  if (t.taskId !== msg.taskId) return no("task-mismatch", `signed for ${t.taskId}, sent for ${msg.taskId}`);
  if (!task.open) return no("bidding-closed", `bidding on ${msg.taskId} is closed`);
  const s = task.spec;
  const mismatch: string[] = [];
  if (t.specHash !== task.specHash) mismatch.push(`specHash ${t.specHash}`);
  if (!isAddressEqual(t.client, ctx.client)) mismatch.push(`client ${t.client}`);
  if (!isAddressEqual(t.token, s.token)) mismatch.push(`token ${t.token}`);
  if (!isAddressEqual(t.arbiter, s.arbiter)) mismatch.push(`arbiter ${t.arbiter}`);
  if (t.deadline !== BigInt(s.deadline)) mismatch.push(`deadline ${t.deadline}`);
  if (t.reviewPeriod !== BigInt(s.reviewPeriod)) mismatch.push(`reviewPeriod ${t.reviewPeriod}`);
  if (mismatch.length > 0) return no("terms-mismatch", mismatch.join(", "));
  if (t.amount > BigInt(s.budget)) return no("over-budget", `amount ${t.amount} > budget ${s.budget}`);
  if (BigInt(msg.estimate.price) !== t.amount) return no("price-mismatch", `price ${msg.estimate.price} != amount ${t.amount}`);
  if (claimBps(msg.estimate.successProbability) !== t.claimedSuccessBps)
    return no("claim-mismatch", `successProbability ${msg.estimate.successProbability} != signed ${t.claimedSuccessBps} bps`);
  if (t.expiry < ctx.chainNow + ctx.minValiditySeconds)
    return no("expired", `expiry ${t.expiry} < chain time ${ctx.chainNow} + ${ctx.minValiditySeconds}s`);
  const member = ctx.asked.find((c) => isAddressEqual(c.address, t.worker));
  if (!member && ctx.notAsked.some((a) => isAddressEqual(a, t.worker))) return no("not-asked", `worker ${t.worker} was not asked to bid on ${msg.taskId}`);
  if (!member) return no("incapable", `worker ${t.worker} is not registered with a checked card that has every required skill`);
  if (member.agentId !== msg.agentId) return no("incapable", `worker ${t.worker} is ${member.agentId}, not ${msg.agentId}`);
  if (task.bidders.some((a) => isAddressEqual(a, t.worker))) return no("duplicate", `worker ${t.worker} already bid`);
  let digest: Uint8Array;
  try {
    digest = bidDigest(ctx.chainId, ctx.escrow, t);
  } catch (err) {
    return no("bad-signature", `terms do not fit their EIP-712 types: ${(err as Error).message}`);
  }
  if (signedBy(digest, msg.signature, t.worker)) return { ok: true, terms: t };
  try {
    return no("bad-signature", `signed by ${await recoverAddress({ hash: bytesToHex(digest), signature: msg.signature })}, claims ${t.worker}`);
  } catch (err) {
    return no("bad-signature", `unrecoverable signature: ${(err as Error).message.split("\n")[0]}`);
  }
}
