import { keccak256, stringToHex, type Address, type Hex } from "viem";
import { reviewTypedData, type ReviewFields } from "../protocol/eip712.js";
import type { TypedDataSigner } from "./ports.js";

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
