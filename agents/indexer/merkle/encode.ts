import type { ReviewFields } from "../../protocol/review.js";
import { ReviewTreeInputError } from "./errors.js";

/** abi.encode of the six static leaf fields: six 32-byte words. */
export const LEAF_BYTES = 192;

const UINT64_MAX = (1n << 64n) - 1n;

function badField(index: number, field: string, value: unknown, expected: string): never {
  throw new ReviewTreeInputError(`review ${index}: ${field} must be ${expected}`, {
    code: "REVIEW_TREE_BAD_FIELD",
    details: { index, field, value: typeof value === "bigint" ? value.toString() : value, expected },
  });
}

function writeHex(value: unknown, bytes: number, out: Buffer, at: number, index: number, field: string): void {
  // Buffer's native hex decoder stops at the first non-hex character, so a short write means bad input.
  if (
    typeof value !== "string" ||
    value.length !== 2 + 2 * bytes ||
    value.charCodeAt(0) !== 48 ||
    value.charCodeAt(1) !== 120 ||
    out.write(value.slice(2), at, bytes, "hex") !== bytes
  ) {
    badField(index, field, value, `0x-prefixed hex of exactly ${bytes} bytes`);
  }
}

/**
 * Writes `abi.encode(taskId, reviewer, subject, rating, commentHash, timestamp)` of one review
 * into `out` at byte offset `at` (192 bytes), without allocating. This is the byte string that
 * StandardMerkleTree hashes for a leaf of {@link REVIEW_LEAF_TYPES}; addresses are taken as
 * raw bytes (checksums are not enforced, as in @openzeppelin/merkle-tree).
 *
 * @param index position of the review in the caller's list, only used in error details.
 * @throws ReviewTreeInputError when a field does not fit its ABI type.
 * @example
 * const buf = Buffer.alloc(LEAF_BYTES);
 * encodeReviewLeaf(review, buf, 0);
 */
export function encodeReviewLeaf(r: ReviewFields, out: Buffer, at: number, index = 0): void {
  if (typeof r !== "object" || r === null) badField(index, "review", r, "an object with the six leaf fields");
  out.fill(0, at, at + LEAF_BYTES);
  writeHex(r.taskId, 32, out, at, index, "taskId");
  writeHex(r.reviewer, 20, out, at + 44, index, "reviewer");
  writeHex(r.subject, 20, out, at + 76, index, "subject");
  const rating = r.rating;
  if (!Number.isInteger(rating) || rating < 0 || rating > 255) badField(index, "rating", rating, "an integer in [0, 255]");
  out[at + 127] = rating;
  writeHex(r.commentHash, 32, out, at + 128, index, "commentHash");
  const ts = r.timestamp;
  if (typeof ts !== "bigint" || ts < 0n || ts > UINT64_MAX) badField(index, "timestamp", ts, "a bigint in [0, 2^64)");
  out.writeBigUInt64BE(ts, at + 184);
}

/** Encodes reviews[from..to) back to back into `out` (which must hold (to-from)*192 bytes). */
export function encodeReviewLeaves(reviews: readonly ReviewFields[], from: number, to: number, out: Buffer): void {
  for (let i = from, at = 0; i < to; i++, at += LEAF_BYTES) encodeReviewLeaf(reviews[i]!, out, at, i);
}
