import { isAddressEqual, type Address, type Hex } from "viem";
import { z } from "zod";
import { Hash32, Uint64 } from "../protocol/codecs.js";
import { StarRating } from "../protocol/review.js";
import { ReviewLeaf } from "../protocol/reviewLeaf.js";
import { isReviewProven } from "../protocol/reviewProof.js";

/**
 * One review the indexer claims exists, with the Merkle proof that puts it under the root
 * anchored for `epoch`. Parsed leniently about extra fields (the indexer may add some), strictly
 * about the leaf fields (the six signed ones and the task's worker, claim and delivery).
 */
export const ReputationClaim = z.object({
  review: ReviewLeaf.extend({ rating: StarRating }).strip(),
  epoch: Uint64,
  proof: z.array(Hash32).max(256),
});
export type ReputationClaim = z.input<typeof ReputationClaim>;

/**
 * A *proven* review: its proof checked out against the on-chain root of its epoch.
 *
 * @example
 * const { checked }: { checked: ProvenReview[] } = await verifyReputation(worker, o);
 */
export interface ProvenReview extends ReviewLeaf {
  epoch: bigint;
}

export type ClaimRejection = "malformed" | "unknown-epoch" | "bad-proof" | "verifier-error" | "wrong-subject" | "own-review" | "duplicate";

/** The proof check ({@link isReviewProven}), injected so tests and other trees can stand in. */
export type ProofCheck = (root: Hex, review: ReviewLeaf, proof: readonly Hex[]) => boolean;

export interface ProvenClaimsOptions {
  /** The root anchored on-chain for an epoch, or undefined when none is (yet) anchored. */
  rootOf: (epoch: bigint) => Hex | undefined;
  verify?: ProofCheck;
  /**
   * The agent being scored: only reviews about it count. Required, so that no caller can let an
   * indexer pass off another agent's (genuinely anchored) reviews as this one's.
   */
  subject: Address;
  /** Drop reviews written by this address (e.g. the manager itself, already counted as outcomes). */
  excludeReviewer?: Address;
}

export interface ProvenClaimsResult {
  proven: ProvenReview[];
  rejected: { index: number; reason: ClaimRejection }[];
}

/**
 * Filters an indexer's reputation claims down to the *proven* ones: those whose proof holds
 * against the root anchored on chain for their epoch.
 * Anything unverifiable (malformed, no anchored root, proof mismatch, verifier throwing) is
 * dropped and counts as no history at all. Duplicates of one (task, reviewer) count once.
 *
 * Pure: the roots come from `rootOf` (prefetch them from ReputationAnchor), the hashing from
 * `verify` (defaults to {@link isReviewProven}).
 *
 * @example
 * const roots = new Map([[7n, "0xabc…"]]);
 * const { proven } = provenClaims(await indexer.reviewsOf(worker), {
 *   rootOf: (e) => roots.get(e), subject: worker,
 * });
 * tracker.setProvenHistory(agentId, proven);
 */
export function provenClaims(claims: readonly unknown[], options: ProvenClaimsOptions): ProvenClaimsResult {
  const verify = options.verify ?? isReviewProven;
  const proven: ProvenReview[] = [];
  const rejected: ProvenClaimsResult["rejected"] = [];
  const seen = new Set<string>();
  claims.forEach((raw, index) => {
    const parsed = ReputationClaim.safeParse(raw);
    if (!parsed.success) return rejected.push({ index, reason: "malformed" });
    const { review: fields, epoch, proof } = parsed.data;
    if (!isAddressEqual(fields.subject, options.subject)) return rejected.push({ index, reason: "wrong-subject" });
    if (options.excludeReviewer && isAddressEqual(fields.reviewer, options.excludeReviewer)) return rejected.push({ index, reason: "own-review" });
    const root = options.rootOf(epoch);
    if (root === undefined) return rejected.push({ index, reason: "unknown-epoch" });
    let ok: boolean;
    try {
      ok = verify(root, fields, proof);
    } catch {
      return rejected.push({ index, reason: "verifier-error" });
    }
    if (!ok) return rejected.push({ index, reason: "bad-proof" });
    const key = `${fields.taskId}:${fields.reviewer}`;
    if (seen.has(key)) return rejected.push({ index, reason: "duplicate" });
    seen.add(key);
    proven.push({ ...fields, epoch });
  });
  return { proven, rejected };
}
