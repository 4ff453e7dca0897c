import type { Hex } from "viem";
import type { ReviewLeaf } from "../protocol/reviewLeaf.js";

/**
 * `count` deterministic pseudo-random reviews (xorshift32 from `seed`), for benchmarks that need
 * realistic leaves in bulk: random 32-byte ids and hashes, 20-byte lower-case addresses drawn
 * from a pool of `agents`, ratings 1-5, recent timestamps, the subject as the task's worker with
 * a random claim and a task that either paid it all or nothing.
 *
 * @example
 * const reviews = syntheticReviews(100_000, 1);
 */
export function syntheticReviews(count: number, seed: number, agents = 5_000): ReviewLeaf[] {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
  // ASCII of "0x" + hex built in a buffer and decoded once: a flat string, as a database driver
  // or JSON.parse returns it (a `0x${hex}` template would leave a rope to flatten later).
  const ascii = Buffer.alloc(66);
  ascii[0] = 48;
  ascii[1] = 120;
  const digits = Buffer.from("0123456789abcdef");
  const hex = (bytes: number): Hex => {
    for (let i = 0; i < bytes; i++) {
      const b = next() & 0xff;
      ascii[2 + 2 * i] = digits[b >> 4]!;
      ascii[3 + 2 * i] = digits[b & 15]!;
    }
    return `0x${ascii.toString("latin1", 2, 2 + 2 * bytes)}`;
  };
  const pool = Array.from({ length: Math.max(2, agents) }, () => hex(20));
  const reviews: ReviewLeaf[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const a = next() % pool.length;
    const b = (a + 1 + (next() % (pool.length - 1))) % pool.length;
    reviews[i] = {
      taskId: hex(32),
      reviewer: pool[a]!,
      subject: pool[b]!,
      rating: 1 + (next() % 5),
      commentHash: hex(32),
      timestamp: BigInt(1_760_000_000 + (next() % 86_400)),
      worker: pool[b]!,
      claimedSuccessBps: next() % 10_001,
      deliveredBps: next() % 2 === 0 ? 10_000 : 0,
    };
  }
  return reviews;
}
