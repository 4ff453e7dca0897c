import type { Address, Hex } from "viem";
import type { ReviewFields } from "../../protocol/eip712.js";

const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/**
 * `count` deterministic pseudo-random reviews (xorshift32 from `seed`), for benchmarks that need
 * realistic leaves in bulk: random 32-byte ids and hashes, 20-byte lower-case addresses drawn
 * from a pool of `agents`, ratings 1-5 and recent timestamps.
 *
 * @example
 * const reviews = syntheticReviews(100_000, 1);
 */
export function syntheticReviews(count: number, seed: number, agents = 5_000): ReviewFields[] {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
  const hex = (bytes: number): string => {
    let out = "0x";
    for (let i = 0; i < bytes; i++) out += HEX_BYTE[next() & 0xff];
    return out;
  };
  const pool = Array.from({ length: Math.max(2, agents) }, () => hex(20) as Address);
  const reviews: ReviewFields[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const a = next() % pool.length;
    const b = (a + 1 + (next() % (pool.length - 1))) % pool.length;
    reviews[i] = {
      taskId: hex(32) as Hex,
      reviewer: pool[a]!,
      subject: pool[b]!,
      rating: 1 + (next() % 5),
      commentHash: hex(32) as Hex,
      timestamp: BigInt(1_760_000_000 + (next() % 86_400)),
    };
  }
  return reviews;
}
