import { z } from "zod";
import { ChecksumAddress, Hash32, HexBytes, Uint64 } from "./codecs.js";

/**
 * The six fields a reviewer signs (EIP-712 type `Review`, see eip712.ts); the same six form the
 * Merkle leaf. The one schema of a review: a signed review, a served review and a reputation
 * claim all extend it. Parsing normalises (lower-case hashes, checksummed addresses, bigint
 * timestamp); `ReviewFields.encode` gives the wire form (timestamp as a decimal string).
 *
 * The rating's 1–5 range is an acceptance rule checked by the indexer (RATING_OUT_OF_RANGE); this
 * schema only demands a uint8, so the signed value survives parsing unchanged.
 */
export const ReviewFields = z.strictObject({
  taskId: Hash32,
  reviewer: ChecksumAddress,
  subject: ChecksumAddress,
  rating: z.number().int().min(0).max(255),
  commentHash: Hash32,
  timestamp: Uint64,
});
export type ReviewFields = z.output<typeof ReviewFields>;

/** A star rating as the indexer accepts it and reputation counts it. */
export const StarRating = z.number().int().min(1).max(5);

/** A review as signed by its author plus the signature. */
export const SignedReview = ReviewFields.extend({ signature: HexBytes });
export type SignedReview = z.output<typeof SignedReview>;
/** What arrives on the wire (and what `SignedReview.encode` gives back). */
export type SignedReviewInput = z.input<typeof SignedReview>;

/** Parses wire input into a normalised {@link SignedReview}, or returns zod's issues. */
export function parseSignedReview(
  input: unknown,
): { success: true; data: SignedReview } | { success: false; issues: z.core.$ZodIssue[] } {
  const parsed = SignedReview.safeParse(input);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: parsed.error.issues };
}
