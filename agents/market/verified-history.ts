import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Address, Hex } from "viem";
import { z } from "zod";
import { REVIEW_LEAF_TYPES, reviewLeaf } from "../protocol/eip712.js";
import type { ReviewFields } from "../protocol/eip712.js";
import { AddressString, Bytes32 } from "../protocol/task.js";

const Uint64 = z
  .union([z.bigint(), z.number().int(), z.string().regex(/^[0-9]{1,20}$/)])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 0n && v < 2n ** 64n, "expected a uint64");

/**
 * One review the indexer claims exists, with the Merkle proof that puts it under the root
 * anchored for `epoch`. Parsed leniently about extra fields (the indexer may add some), strictly
 * about the six leaf fields.
 */
export const ReputationClaim = z.object({
  review: z.object({
    taskId: Bytes32,
    reviewer: AddressString,
    subject: AddressString,
    rating: z.number().int().min(1).max(5),
    commentHash: Bytes32,
    timestamp: Uint64,
  }),
  epoch: Uint64,
  proof: z.array(Bytes32).max(256),
});
export type ReputationClaim = z.input<typeof ReputationClaim>;

/** A review whose proof checked out against the on-chain root of its epoch. */
export interface VerifiedReview extends ReviewFields {
  epoch: bigint;
}

export type ClaimRejection = "malformed" | "unknown-epoch" | "bad-proof" | "verifier-error" | "wrong-subject" | "own-review" | "duplicate";

/** `StandardMerkleTree.verify`-shaped proof check, injected so tests and other trees can stand in. */
export type ProofVerifier = (root: Hex, leaf: ReturnType<typeof reviewLeaf>, proof: readonly Hex[]) => boolean;

export interface VerifyClaimsOptions {
  /** The root anchored on-chain for an epoch, or undefined when none is (yet) anchored. */
  rootOf: (epoch: bigint) => Hex | undefined;
  verify?: ProofVerifier;
  /**
   * The agent being scored: only reviews about it count. Required, so that no caller can let an
   * indexer pass off another agent's (genuinely anchored) reviews as this one's.
   */
  subject: Address;
  /** Drop reviews written by this address (e.g. the manager itself, already counted as outcomes). */
  excludeReviewer?: Address;
}

export interface VerifyClaimsResult {
  verified: VerifiedReview[];
  rejected: { index: number; reason: ClaimRejection }[];
}

/** The real proof check: OpenZeppelin's StandardMerkleTree over the review leaf encoding. */
export const standardReviewVerifier: ProofVerifier = (root, leaf, proof) =>
  StandardMerkleTree.verify(root, [...REVIEW_LEAF_TYPES], leaf, [...proof]);

/**
 * Filters an indexer's reputation claims down to those provable against on-chain roots.
 * Anything unverifiable (malformed, no anchored root, proof mismatch, verifier throwing) is
 * dropped and counts as no history at all. Duplicates of one (task, reviewer) count once.
 *
 * Pure: the roots come from `rootOf` (prefetch them from ReputationAnchor), the hashing from
 * `verify` (defaults to {@link standardReviewVerifier}).
 *
 * @example
 * const roots = new Map([[7n, "0xabc…"]]);
 * const { verified } = verifyReputationClaims(await indexer.reviewsOf(worker), {
 *   rootOf: (e) => roots.get(e), subject: worker,
 * });
 * tracker.setVerifiedHistory(agentId, verified);
 */
export function verifyReputationClaims(claims: readonly unknown[], options: VerifyClaimsOptions): VerifyClaimsResult {
  const verify = options.verify ?? standardReviewVerifier;
  const verified: VerifiedReview[] = [];
  const rejected: VerifyClaimsResult["rejected"] = [];
  const seen = new Set<string>();
  claims.forEach((raw, index) => {
    const parsed = ReputationClaim.safeParse(raw);
    if (!parsed.success) return rejected.push({ index, reason: "malformed" });
    const { review, epoch, proof } = parsed.data;
    const fields: ReviewFields = { ...review, taskId: review.taskId as Hex, reviewer: review.reviewer as Address, subject: review.subject as Address, commentHash: review.commentHash as Hex };
    if (fields.subject.toLowerCase() !== options.subject.toLowerCase()) return rejected.push({ index, reason: "wrong-subject" });
    if (options.excludeReviewer && fields.reviewer.toLowerCase() === options.excludeReviewer.toLowerCase()) return rejected.push({ index, reason: "own-review" });
    const root = options.rootOf(epoch);
    if (root === undefined) return rejected.push({ index, reason: "unknown-epoch" });
    let ok: boolean;
    try {
      ok = verify(root, reviewLeaf(fields), proof as Hex[]);
    } catch {
      return rejected.push({ index, reason: "verifier-error" });
    }
    if (!ok) return rejected.push({ index, reason: "bad-proof" });
    const key = `${fields.taskId.toLowerCase()}:${fields.reviewer.toLowerCase()}`;
    if (seen.has(key)) return rejected.push({ index, reason: "duplicate" });
    seen.add(key);
    verified.push({ ...fields, epoch });
  });
  return { verified, rejected };
}
