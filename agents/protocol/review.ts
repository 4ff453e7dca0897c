import { z } from "zod";
import type { Address, Hex } from "viem";
import { getAddress } from "viem";
import type { ReviewFields } from "./eip712.js";
import { AddressString, Bytes32 } from "./task.js";

/** 0x-prefixed hex of whole bytes; 64 KiB is far above any EOA, ERC-1271 or ERC-6492 signature. */
export const HexBytes = z
  .string()
  .regex(/^0x([0-9a-fA-F]{2})*$/, "expected 0x-prefixed hex bytes")
  .max(2 + 2 * 65_536);

/** Unix seconds as on the wire: a decimal string or a safe integer; must fit uint64. */
export const UnixSeconds = z
  .union([z.string().regex(/^[0-9]{1,20}$/, "expected a decimal integer string"), z.number().int().nonnegative()])
  .transform((v) => BigInt(v))
  .refine((v) => v < 2n ** 64n, "timestamp does not fit uint64");

/**
 * A review as signed by its author (EIP-712 type `Review`, see eip712.ts) plus the signature.
 * On the wire: hex strings, `rating` a number, `timestamp` a decimal string or number. The
 * rating's 1–5 range is an acceptance rule checked by the indexer (RATING_OUT_OF_RANGE); the
 * schema only demands a uint8, so the signed value survives parsing unchanged.
 */
export const SignedReview = z.strictObject({
  taskId: Bytes32,
  reviewer: AddressString,
  subject: AddressString,
  rating: z.number().int().min(0).max(255),
  commentHash: Bytes32,
  timestamp: UnixSeconds,
  signature: HexBytes,
});
/** What arrives on the wire. */
export type SignedReviewInput = z.input<typeof SignedReview>;
/** Parsed and normalised (checksummed addresses, lowercase hashes, bigint timestamp). */
export interface SignedReview extends ReviewFields {
  signature: Hex;
}

/** Parses wire input into a normalised {@link SignedReview}, or returns zod's issues. */
export function parseSignedReview(
  input: unknown,
): { success: true; data: SignedReview } | { success: false; issues: z.core.$ZodIssue[] } {
  const parsed = SignedReview.safeParse(input);
  if (!parsed.success) return { success: false, issues: parsed.error.issues };
  const r = parsed.data;
  return {
    success: true,
    data: {
      taskId: r.taskId.toLowerCase() as Hex,
      reviewer: getAddress(r.reviewer) as Address,
      subject: getAddress(r.subject) as Address,
      rating: r.rating,
      commentHash: r.commentHash.toLowerCase() as Hex,
      timestamp: r.timestamp,
      signature: r.signature.toLowerCase() as Hex,
    },
  };
}

/** The JSON form of a signed review (timestamp as a decimal string). */
export function signedReviewToWire(r: SignedReview): SignedReviewInput & { timestamp: string } {
  return {
    taskId: r.taskId,
    reviewer: r.reviewer,
    subject: r.subject,
    rating: r.rating,
    commentHash: r.commentHash,
    timestamp: r.timestamp.toString(),
    signature: r.signature,
  };
}
