import type { ReviewFields } from "./review.js";
import type { BidTerms } from "./bidTerms.js";
import type { Address, TypedDataDomain } from "viem";
import { typedDigest } from "./typedDigest.js";

/**
 * EIP-712 typed data shared by the agents, the indexer and the contracts. This file is the
 * single TypeScript source of these shapes; `ITaskEscrow.Bid` mirrors {@link bidTypes} field
 * for field, and the ReputationAnchor leaf starts with {@link reviewTypes} (see reviewLeaf.ts).
 */

/** Domain of every signed bid: the escrow contract on one chain, so a bid cannot be replayed elsewhere. */
export const BID_DOMAIN_NAME = "TaskEscrow";
export const BID_DOMAIN_VERSION = "1";

/** Domain of every signed review: bound to the escrow whose task is being reviewed. */
export const REVIEW_DOMAIN_NAME = "AgentReview";
export const REVIEW_DOMAIN_VERSION = "1";

export const bidTypes = {
  Bid: [
    { name: "taskId", type: "bytes32" },
    { name: "specHash", type: "bytes32" },
    { name: "client", type: "address" },
    { name: "worker", type: "address" },
    { name: "token", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "arbiter", type: "address" },
    { name: "deadline", type: "uint64" },
    { name: "reviewPeriod", type: "uint64" },
    { name: "expiry", type: "uint64" },
    { name: "nonce", type: "uint256" },
    { name: "claimedSuccessBps", type: "uint16" },
  ],
} as const;

export const reviewTypes = {
  Review: [
    { name: "taskId", type: "bytes32" },
    { name: "reviewer", type: "address" },
    { name: "subject", type: "address" },
    { name: "rating", type: "uint8" },
    { name: "commentHash", type: "bytes32" },
    { name: "timestamp", type: "uint64" },
  ],
} as const;

/** The struct a worker signs: its one definition is the {@link BidTerms} schema (bidTerms.ts). */
export type { BidTerms };


export function bidDomain(chainId: number, escrow: Address): TypedDataDomain {
  return { name: BID_DOMAIN_NAME, version: BID_DOMAIN_VERSION, chainId, verifyingContract: escrow };
}

export function reviewDomain(chainId: number, escrow: Address): TypedDataDomain {
  return { name: REVIEW_DOMAIN_NAME, version: REVIEW_DOMAIN_VERSION, chainId, verifyingContract: escrow };
}

/**
 * Typed-data arguments for viem's signTypedData / verifyTypedData / hashTypedData.
 *
 * @example
 * const signature = await walletClient.signTypedData({ account, ...bidTypedData(31337, escrow, terms) });
 */
export function bidTypedData(chainId: number, escrow: Address, bid: BidTerms) {
  return { domain: bidDomain(chainId, escrow), types: bidTypes, primaryType: "Bid" as const, message: bid };
}

/**
 * Typed-data arguments of a review (domain "AgentReview" v1 on the escrow's chain) for signTypedData.
 *
 * @example
 * const signature = await walletClient.signTypedData({ account, ...reviewTypedData(31337, escrow, review) });
 */
export function reviewTypedData(chainId: number, escrow: Address, review: ReviewFields) {
  return { domain: reviewDomain(chainId, escrow), types: reviewTypes, primaryType: "Review" as const, message: review };
}

const reviewHash = typedDigest(reviewTypes.Review, "Review");

/**
 * The EIP-712 digest a review's signer signed: viem's `hashTypedData(reviewTypedData(...))`, with
 * the domain separator cached (typedDigest.ts). Throws RangeError when a field does not fit its type.
 *
 * @example
 * const digest = reviewDigest(31337, escrow, review); // 32 bytes
 */
export function reviewDigest(chainId: number, escrow: Address, review: ReviewFields): Uint8Array {
  return reviewHash(reviewDomain(chainId, escrow), review);
}

const bidHash = typedDigest(bidTypes.Bid, "Bid");

/**
 * The EIP-712 digest a bid's worker signed: viem's `hashTypedData(bidTypedData(...))` (and the
 * escrow's), with the domain separator cached. Throws RangeError when a term does not fit its type.
 *
 * @example
 * const digest = bidDigest(31337, escrow, terms); // 32 bytes
 */
export function bidDigest(chainId: number, escrow: Address, bid: BidTerms): Uint8Array {
  return bidHash(bidDomain(chainId, escrow), bid);
}
