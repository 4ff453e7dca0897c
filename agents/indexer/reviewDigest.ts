import { domainSeparator, getAddress, hexToBytes, keccak256, stringToBytes, type Address, type Hex } from "viem";
import { reviewDomain, reviewTypes } from "../protocol/eip712.js";
import type { ReviewFields } from "../protocol/review.js";

/** keccak256 of the `Review(...)` type string, from the one field list in protocol/eip712.ts. */
const REVIEW_TYPE_HASH = hexToBytes(keccak256(stringToBytes(`Review(${reviewTypes.Review.map((f) => `${f.type} ${f.name}`).join(",")})`)));
const UINT64_MAX = (1n << 64n) - 1n;
const separators = new Map<string, Uint8Array>();

/**
 * The EIP-712 digest a review's signer signed, byte for byte viem's `hashTypedData` of
 * `reviewTypedData(chainId, escrow, fields)`, without its per-call work: the domain separator
 * is computed once per (chain, escrow) and the six fields are ABI-encoded into one buffer.
 *
 * @throws RangeError when a field does not fit its type (viem throws too: the signature is then not the reviewer's).
 * @example
 * const digest = reviewDigest(31337, escrow, review); // 32 bytes
 */
export function reviewDigest(chainId: number, escrow: Address, fields: ReviewFields): Uint8Array {
  const key = `${chainId}:${escrow.toLowerCase()}`;
  let separator = separators.get(key);
  if (!separator) {
    separator = hexToBytes(domainSeparator({ domain: reviewDomain(chainId, getAddress(escrow)) }));
    separators.set(key, separator);
  }
  if (!Number.isInteger(fields.rating) || fields.rating < 0 || fields.rating > 255) throw new RangeError(`rating ${fields.rating} is not a uint8`);
  if (fields.timestamp < 0n || fields.timestamp > UINT64_MAX) throw new RangeError(`timestamp ${fields.timestamp} is not a uint64`);
  const struct = Buffer.alloc(7 * 32);
  struct.set(REVIEW_TYPE_HASH, 0);
  put(struct, 1, fields.taskId, 32);
  put(struct, 2, getAddress(fields.reviewer), 20);
  put(struct, 3, getAddress(fields.subject), 20);
  struct[4 * 32 + 31] = fields.rating;
  put(struct, 5, fields.commentHash, 32);
  struct.writeBigUInt64BE(fields.timestamp, 6 * 32 + 24);
  const message = Buffer.alloc(66);
  message[0] = 0x19;
  message[1] = 0x01;
  message.set(separator, 2);
  message.set(keccak256(struct, "bytes"), 34);
  return keccak256(message, "bytes");
}

/** Writes a `bytes` hex value right-aligned into 32-byte word `word` (addresses) or filling it (bytes32). */
function put(buf: Buffer, word: number, hex: Hex, bytes: number): void {
  if (!/^0x[0-9a-fA-F]*$/.test(hex) || hex.length !== 2 + 2 * bytes) throw new RangeError(`${hex} is not ${bytes} bytes of hex`);
  buf.write(hex.slice(2), word * 32 + 32 - bytes, bytes, "hex");
}
