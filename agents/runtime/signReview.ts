import { keccak256, stringToHex, type Address, type Hex } from "viem";
import { reviewTypedData } from "../protocol/eip712.js";
import type { ReviewFields } from "../protocol/review.js";
import type { Logger, ReviewSink, TypedDataSigner } from "./ports.js";

/**
 * Builds and signs the EIP-712 review one party of a settled task gives the other.
 *
 * @example
 * const r = await signReview(signer, { chainId, escrow, taskId, subject: worker, rating: 5, comment: "on time", timestamp });
 * await indexer.postReview(r);
 */
export async function signReview(
  signer: TypedDataSigner,
  a: { chainId: number; escrow: Address; taskId: Hex; subject: Address; rating: number; comment: string; timestamp: bigint },
): Promise<{ fields: ReviewFields; signature: Hex }> {
  const fields: ReviewFields = {
    taskId: a.taskId,
    reviewer: signer.address,
    subject: a.subject,
    rating: a.rating,
    commentHash: keccak256(stringToHex(a.comment)),
    timestamp: a.timestamp,
  };
  const signature = await signer.signTypedData(reviewTypedData(a.chainId, a.escrow, fields));
  return { fields, signature };
}

/**
 * Signs a review of the other party and posts it; a refusal by the indexer is logged, never
 * thrown, because settlement already happened and must not be undone by a review failure.
 */
export async function reviewCounterpart(
  d: { signer: TypedDataSigner; escrow: { chainId: number; address: Address; now(): Promise<bigint> }; reviews?: ReviewSink; log: Logger },
  r: { taskId: Hex; subject: Address; rating: number; comment: string },
): Promise<void> {
  if (!d.reviews) return;
  const review = await signReview(d.signer, { chainId: d.escrow.chainId, escrow: d.escrow.address, ...r, timestamp: await d.escrow.now() });
  await d.reviews.postReview(review).catch((err: unknown) => d.log.warn("review not posted", { taskId: r.taskId, error: String(err) }));
}
