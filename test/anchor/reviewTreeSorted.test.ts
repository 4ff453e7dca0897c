import { describe, it } from "mocha";
import { expect } from "chai";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { syntheticReviews } from "../../agents/bench/syntheticReviews.js";
import { REVIEW_LEAF_FIELDS, REVIEW_LEAF_TYPES } from "../../agents/protocol/reviewLeaf.js";
import { buildReviewTree, buildReviewTreeFromSortedHashes, reviewLeafHash, ReviewTreeInputError } from "../../agents/indexer/merkle/index.js";

/** The leaf hashes of `n` synthetic reviews, sorted ascending, 32 bytes each back to back, and the reviews in that order. */
function sortedLeaves(n: number, seed: number) {
  const reviews = syntheticReviews(n, seed)
    .map((r) => ({ r, h: reviewLeafHash(r) }))
    .sort((a, b) => (a.h < b.h ? -1 : 1));
  return { reviews: reviews.map((x) => x.r), bytes: Buffer.concat(reviews.map((x) => Buffer.from(x.h.slice(2), "hex"))) };
}

function* pieces(bytes: Buffer, hashes: number): Generator<Uint8Array> {
  // Each piece copied to an odd offset, so unaligned chunks are covered too.
  for (let at = 0; at < bytes.length; at += hashes * 32) {
    const slice = bytes.subarray(at, at + hashes * 32);
    const odd = Buffer.alloc(slice.length + 1);
    slice.copy(odd, 1);
    yield hashes % 2 ? odd.subarray(1) : slice;
  }
}

describe("buildReviewTreeFromSortedHashes", () => {
  it("builds from sorted leaf hashes the same nodes, root and proofs as buildReviewTree of the reviews, on one and two threads, sizes 1 to 5,003", async () => {
    for (const [n, threads] of [[1, 1], [2, 1], [3, 2], [17, 1], [5_003, 2]] as const) {
      const { reviews, bytes } = sortedLeaves(n, n);
      const whole = await buildReviewTree(reviews, { threads: 1 });
      const sorted = await buildReviewTreeFromSortedHashes(n, pieces(bytes, 997), { threads });
      expect(sorted.root, `n = ${n}`).to.equal(whole.root);
      expect(Buffer.from(sorted.nodeBytes()).equals(Buffer.from(whole.nodeBytes())), `nodes, n = ${n}`).to.equal(true);
      for (const i of new Set([0, n >> 1, n - 1])) {
        expect(sorted.leafHash(i)).to.equal(whole.leafHash(i));
        expect(sorted.proof(i)).to.deep.equal(whole.proof(i));
      }
    }
    // And StandardMerkleTree itself agrees on a small one.
    const { reviews, bytes } = sortedLeaves(9, 3);
    const oz = StandardMerkleTree.of(reviews.map((r) => REVIEW_LEAF_FIELDS.map((f) => r[f.name])), [...REVIEW_LEAF_TYPES]);
    expect((await buildReviewTreeFromSortedHashes(9, [bytes])).root).to.equal(oz.root);
  });

  it("error: hashes out of order, a repeated hash, a wrong count or a partial hash are ReviewTreeInputErrors, not a wrong tree", async () => {
    const { bytes } = sortedLeaves(10, 5);
    const swapped = Buffer.concat([bytes.subarray(32, 64), bytes.subarray(0, 32), bytes.subarray(64)]);
    const repeated = Buffer.concat([bytes.subarray(0, 32 * 5), bytes.subarray(32 * 4)]);
    const codeOf = async (n: number, chunks: Uint8Array[]) => {
      const err = await buildReviewTreeFromSortedHashes(n, chunks).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ReviewTreeInputError);
      return (err as ReviewTreeInputError).code;
    };
    expect(await codeOf(10, [swapped])).to.equal("REVIEW_TREE_NOT_SORTED");
    expect(await codeOf(11, [repeated])).to.equal("REVIEW_TREE_NOT_SORTED");
    // Out of order across a chunk boundary too.
    expect(await codeOf(10, [bytes.subarray(32 * 5), bytes.subarray(0, 32 * 5)])).to.equal("REVIEW_TREE_NOT_SORTED");
    expect(await codeOf(9, [bytes])).to.equal("REVIEW_TREE_COUNT_MISMATCH");
    expect(await codeOf(11, [bytes])).to.equal("REVIEW_TREE_COUNT_MISMATCH");
    expect(await codeOf(10, [bytes.subarray(0, 40)])).to.equal("REVIEW_TREE_BAD_CHUNK");
  });
});
