import { encodeAbiParameters, keccak256, zeroAddress } from "viem";
import type { Address, Hex } from "viem";
import type { EscrowTerms } from "./escrowTypes.js";

/** Fields of a decoded TaskFunded event that make up the terms. */
export interface FundedEventArgs {
  client?: Address;
  worker?: Address;
  token?: Address;
  amount?: bigint;
  arbiter?: Address;
  deadline?: bigint;
  reviewPeriod?: bigint;
  feeBps?: number;
  referrer?: Address;
  referrerShareBps?: number;
  fallbackWorkerBps?: number;
  rulingWindow?: number;
  feeRecipient?: Address;
}

/** Rebuilds the committed {@link EscrowTerms} from a TaskFunded event (pure). */
export function termsFromFundedEvent(a: FundedEventArgs): EscrowTerms {
  const need = <T>(v: T | undefined, name: string): T => {
    if (v === undefined) throw new Error(`TaskFunded event without ${name}`);
    return v;
  };
  return {
    client: need(a.client, "client"),
    worker: need(a.worker, "worker"),
    token: need(a.token, "token"),
    amount: need(a.amount, "amount"),
    arbiter: need(a.arbiter, "arbiter"),
    deadline: need(a.deadline, "deadline"),
    reviewPeriod: need(a.reviewPeriod, "reviewPeriod"),
    feeBps: need(a.feeBps, "feeBps"),
    referrerShareBps: need(a.referrerShareBps, "referrerShareBps"),
    fallbackWorkerBps: need(a.fallbackWorkerBps, "fallbackWorkerBps"),
    rulingWindow: need(a.rulingWindow, "rulingWindow"),
    feeRecipient: need(a.feeRecipient, "feeRecipient"),
    referrer: a.referrer ?? zeroAddress,
  };
}

/** `ITaskEscrow.HotTerms`: the seven terms the compact entry points pass in full. */
export interface HotTerms {
  client: Address;
  worker: Address;
  token: Address;
  amount: bigint;
  deadline: bigint;
  reviewPeriod: bigint;
  feeBps: number;
}

/** The hot half of the terms (pure). */
export function hotTerms(t: EscrowTerms): HotTerms {
  return {
    client: t.client,
    worker: t.worker,
    token: t.token,
    amount: t.amount,
    deadline: t.deadline,
    reviewPeriod: t.reviewPeriod,
    feeBps: t.feeBps,
  };
}

/**
 * keccak256 of the cold terms as ABI words, the second leaf of the task commitment (pure;
 * mirrors `EscrowHash.coldHash`).
 *
 * @example
 * await escrow.write.releaseCompact([taskId, hotTerms(terms), coldTermsHash(terms)]);
 */
export function coldTermsHash(t: EscrowTerms): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "uint16" }, { type: "uint16" }, { type: "uint32" }, { type: "address" }, { type: "address" }],
      [t.arbiter, t.referrerShareBps, t.fallbackWorkerBps, t.rulingWindow, t.feeRecipient, t.referrer],
    ),
  );
}
