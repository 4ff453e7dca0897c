import { REVIEW_LEAF_FIELDS, type ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { ReviewTreeInputError } from "./errors.js";

/** abi.encode of the static leaf fields: one 32-byte word each. */
export const LEAF_BYTES = 32 * REVIEW_LEAF_FIELDS.length;

const UINT_MAX = { uint8: 255, uint16: 65_535 } as const;
const UINT64_MAX = (1n << 64n) - 1n;
const HEX_BYTES = { bytes32: 32, address: 20 } as const;

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
 * Writes `abi.encode(...)` of one review's leaf fields ({@link REVIEW_LEAF_FIELDS}, in order) into
 * `out` at byte offset `at` ({@link LEAF_BYTES} bytes), without allocating. This is the byte string
 * that StandardMerkleTree hashes for a leaf of REVIEW_LEAF_TYPES; addresses are taken as raw bytes
 * (checksums are not enforced, as in @openzeppelin/merkle-tree). Each field is right-aligned in its
 * word (bytes32 fills it).
 *
 * @param index position of the review in the caller's list, only used in error details.
 * @throws ReviewTreeInputError when a field does not fit its ABI type.
 * @example
 * const buf = Buffer.alloc(LEAF_BYTES);
 * encodeReviewLeaf(leaf, buf, 0);
 */
export function encodeReviewLeaf(r: ReviewLeaf, out: Buffer, at: number, index = 0): void {
  if (typeof r !== "object" || r === null) badField(index, "review", r, "an object with the leaf fields");
  out.fill(0, at, at + LEAF_BYTES);
  for (let i = 0, word = at; i < REVIEW_LEAF_FIELDS.length; i++, word += 32) {
    const { name, type } = REVIEW_LEAF_FIELDS[i]!;
    const v: unknown = r[name];
    if (type === "bytes32" || type === "address") {
      writeHex(v, HEX_BYTES[type], out, word + 32 - HEX_BYTES[type], index, name);
    } else if (type === "uint64") {
      if (typeof v !== "bigint" || v < 0n || v > UINT64_MAX) badField(index, name, v, "a bigint in [0, 2^64)");
      out.writeBigUInt64BE(v, word + 24);
    } else {
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > UINT_MAX[type]) badField(index, name, v, `an integer in [0, ${UINT_MAX[type]}]`);
      out.writeUInt32BE(v, word + 28);
    }
  }
}

/** Encodes reviews[from..to) back to back into `out` (which must hold (to-from)*LEAF_BYTES bytes). */
export function encodeReviewLeaves(reviews: readonly ReviewLeaf[], from: number, to: number, out: Buffer): void {
  for (let i = from, at = 0; i < to; i++, at += LEAF_BYTES) encodeReviewLeaf(reviews[i]!, out, at, i);
}
