import { getAddress, type Hex } from "viem";
import type { BidTerms } from "./eip712.js";
import type { BidTermsWire } from "./messages.js";

/** BidTerms -> wire form (bigints as decimal strings). */
export function bidTermsToWire(t: BidTerms): BidTermsWire {
  return {
    taskId: t.taskId,
    specHash: t.specHash,
    client: t.client,
    worker: t.worker,
    token: t.token,
    amount: t.amount.toString(),
    arbiter: t.arbiter,
    deadline: t.deadline.toString(),
    reviewPeriod: t.reviewPeriod.toString(),
    expiry: t.expiry.toString(),
    nonce: t.nonce.toString(),
  };
}

/** Wire form (already schema-checked) -> BidTerms, with checksummed addresses. */
export function bidTermsFromWire(w: BidTermsWire): BidTerms {
  return {
    taskId: w.taskId.toLowerCase() as Hex,
    specHash: w.specHash.toLowerCase() as Hex,
    client: getAddress(w.client),
    worker: getAddress(w.worker),
    token: getAddress(w.token),
    amount: BigInt(w.amount),
    arbiter: getAddress(w.arbiter),
    deadline: BigInt(w.deadline),
    reviewPeriod: BigInt(w.reviewPeriod),
    expiry: BigInt(w.expiry),
    nonce: BigInt(w.nonce),
  };
}
