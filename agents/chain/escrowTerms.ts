import { zeroAddress } from "viem";
import type { Address } from "viem";
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
