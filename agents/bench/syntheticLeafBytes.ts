import { LEAF_BYTES } from "../indexer/merkle/encode.js";

/**
 * `count` deterministic pseudo-random review leaves (xorshift32 from `seed`) written straight as
 * their abi encoding into `out` (count · LEAF_BYTES bytes), with the same shapes as
 * syntheticReviews (random ids and comment hashes, addresses from a pool of `agents`, ratings
 * 1-5, recent timestamps, bps values in range) but no JS objects or hex strings: the stand-in
 * for a reader that hands the builder raw leaf bytes, cheap enough not to dominate a 10M build.
 *
 * @example
 * const chunk = new Uint8Array(65_536 * LEAF_BYTES);
 * syntheticLeafBytes(65_536, 7, chunk);
 */
export function syntheticLeafBytes(count: number, seed: number, out: Uint8Array, agents = 5_000): void {
  // Every random word a chunk needs, drawn in one tight loop (the state stays in a register).
  const agentCount = Math.max(2, agents);
  const rnd = new Uint32Array(agentCount * 5 + count * RANDOM_WORDS);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < rnd.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    rnd[i] = s;
  }
  const bytes = new Uint8Array(out.buffer, out.byteOffset, count * LEAF_BYTES);
  bytes.fill(0);
  // Words are 32 bytes = 8 uint32 (little-endian in memory); a leaf starts 4-aligned when `out` does (LEAF_BYTES is 288).
  const w = new Uint32Array(out.buffer, out.byteOffset, (count * LEAF_BYTES) / 4);
  const bswap = (v: number) => ((v << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
  for (let i = 0, r = agentCount * 5; i < count; i++, r += RANDOM_WORDS) {
    const at = (i * LEAF_BYTES) / 4;
    const a = rnd[r]! % agentCount;
    const b = (a + 1 + (rnd[r + 1]! % (agentCount - 1))) % agentCount;
    for (let k = 0; k < 8; k++) w[at + k] = rnd[r + 2 + k]!; // taskId
    for (let k = 0; k < 5; k++) {
      w[at + 11 + k] = rnd[a * 5 + k]!; // reviewer: 12 zero bytes, then 20
      w[at + 19 + k] = rnd[b * 5 + k]!; // subject
      w[at + 51 + k] = rnd[b * 5 + k]!; // worker
    }
    w[at + 31] = bswap(1 + (rnd[r + 10]! % 5)); // rating (uint8, big-endian in its word)
    for (let k = 0; k < 8; k++) w[at + 32 + k] = rnd[r + 11 + k]!; // commentHash
    w[at + 47] = bswap(1_760_000_000 + (rnd[r + 19]! % 86_400)); // timestamp (uint64; fits 32 bits)
    w[at + 63] = bswap(rnd[r + 20]! % 10_001); // claimedSuccessBps
    w[at + 71] = bswap(rnd[r + 21]! % 2 === 0 ? 10_000 : 0); // deliveredBps
  }
}

const RANDOM_WORDS = 22;
