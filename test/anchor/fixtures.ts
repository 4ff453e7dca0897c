import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress, type Address, type Hex } from "viem";
import { REVIEW_LEAF_TYPES, reviewLeaf } from "../../agents/protocol/reviewLeaf.js";
import type { ReviewLeaf } from "../../agents/protocol/reviewLeaf.js";

/** Deterministic xorshift32 stream, so a failing tree can be rebuilt from its seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

function randomHex(next: () => number, bytes: number): Hex {
  let out = "0x";
  for (let i = 0; i < bytes; i++) out += (next() & 0xff).toString(16).padStart(2, "0");
  return out as Hex;
}

/** `count` random reviews; addresses come checksummed, as viem returns them. */
export function randomReviews(count: number, seed: number): ReviewLeaf[] {
  const next = rng(seed);
  return Array.from({ length: count }, () => {
    const reviewer = getAddress(randomHex(next, 20)) as Address;
    const subject = getAddress(randomHex(next, 20)) as Address;
    return {
      taskId: randomHex(next, 32),
      reviewer,
      subject,
      rating: 1 + (next() % 5),
      commentHash: randomHex(next, 32),
      timestamp: BigInt(1_700_000_000 + (next() % 100_000_000)) * BigInt(1 + (next() % 3)),
      worker: next() % 2 === 0 ? subject : reviewer,
      claimedSuccessBps: next() % 10_001,
      deliveredBps: next() % 10_001,
    };
  });
}

/** The reference: what @openzeppelin/merkle-tree builds from the same reviews. */
export function ozTree(reviews: ReviewLeaf[]) {
  return StandardMerkleTree.of(reviews.map(reviewLeaf), [...REVIEW_LEAF_TYPES]);
}
