import type { ReviewFields } from "../../protocol/eip712.js";
import { ReviewTreeInputError } from "./errors.js";

/** abi.encode of the six static leaf fields: six 32-byte words. */
export const LEAF_BYTES = 192;

const UINT64_MAX = (1n << 64n) - 1n;

// Char code -> nibble, -1 for anything that is not a hex digit (covers all UTF-16 code units).
const NIBBLE = new Int8Array(65536).fill(-1);
for (let c = 0; c < 10; c++) NIBBLE[48 + c] = c;
for (let c = 0; c < 6; c++) {
  NIBBLE[65 + c] = 10 + c;
  NIBBLE[97 + c] = 10 + c;
}

function badField(index: number, field: string, value: unknown, expected: string): never {
  throw new ReviewTreeInputError(`review ${index}: ${field} must be ${expected}`, {
    code: "REVIEW_TREE_BAD_FIELD",
    details: { index, field, value: typeof value === "bigint" ? value.toString() : value, expected },
  });
}

function writeHex(
  value: unknown,
  bytes: number,
  out: Uint8Array,
  at: number,
  index: number,
  field: string,
): void {
  if (typeof value !== "string" || value.length !== 2 + 2 * bytes || value[0] !== "0" || value[1] !== "x") {
    badField(index, field, value, `0x-prefixed hex of exactly ${bytes} bytes`);
  }
  for (let k = 0, c = 2; k < bytes; k++, c += 2) {
    const hi = NIBBLE[value.charCodeAt(c)]!;
    const lo = NIBBLE[value.charCodeAt(c + 1)]!;
    if ((hi | lo) < 0) badField(index, field, value, `0x-prefixed hex of exactly ${bytes} bytes`);
    out[at + k] = (hi << 4) | lo;
  }
}

/**
 * Writes `abi.encode(taskId, reviewer, subject, rating, commentHash, timestamp)` of one review
 * into `out` at byte offset `at` (192 bytes), without allocating. This is the byte string that
 * StandardMerkleTree hashes for a leaf of {@link REVIEW_LEAF_TYPES}; addresses are taken as
 * raw bytes (checksums are not enforced, as in @openzeppelin/merkle-tree).
 *
 * @param view a DataView over `out.buffer` starting at byte 0 (reused to write the uint64).
 * @param index position of the review in the caller's list, only used in error details.
 * @throws ReviewTreeInputError when a field does not fit its ABI type.
 * @example
 * const buf = new Uint8Array(LEAF_BYTES);
 * encodeReviewLeaf(review, buf, new DataView(buf.buffer), 0);
 */
export function encodeReviewLeaf(r: ReviewFields, out: Uint8Array, view: DataView, at: number, index = 0): void {
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
  view.setBigUint64(out.byteOffset + at + 184, ts, false);
}

/** Encodes reviews[from..to) back to back into `out` (which must hold (to-from)*192 bytes). */
export function encodeReviewLeaves(reviews: readonly ReviewFields[], from: number, to: number, out: Uint8Array): void {
  const view = new DataView(out.buffer, 0, out.buffer.byteLength);
  for (let i = from, at = 0; i < to; i++, at += LEAF_BYTES) encodeReviewLeaf(reviews[i]!, out, view, at, i);
}
