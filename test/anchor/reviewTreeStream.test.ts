import { describe, it } from "mocha";
import { expect } from "chai";
import { syntheticReviews } from "../../agents/bench/syntheticReviews.js";
import { buildReviewTree, buildReviewTreeStreaming, ReviewTreeInputError } from "../../agents/indexer/merkle/index.js";

function* chunksOf<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

describe("buildReviewTreeStreaming", () => {
  it("builds from chunks (sync or async) the same bytes, root and proofs as buildReviewTree of the whole list", async () => {
    const reviews = syntheticReviews(5_003, 11);
    const whole = await buildReviewTree(reviews, { threads: 1 });
    async function* slowly() {
      for (const c of chunksOf(reviews, 997)) yield await Promise.resolve(c);
    }
    for (const streamed of [await buildReviewTreeStreaming(reviews.length, chunksOf(reviews, 1000)), await buildReviewTreeStreaming(reviews.length, slowly())]) {
      expect(streamed.root).to.equal(whole.root);
      expect(Buffer.from(streamed.toBytes()).equals(Buffer.from(whole.toBytes()))).to.equal(true);
      const out = new Uint8Array(32 * 32);
      for (const i of [0, 1, 2_500, 5_002]) {
        const depth = streamed.proofInto(i, out);
        const asHex = Array.from({ length: depth }, (_, k) => `0x${Buffer.from(out.subarray(k * 32, k * 32 + 32)).toString("hex")}`);
        expect(asHex).to.deep.equal(whole.proof(i));
      }
    }
  });

  it("error: REVIEW_TREE_COUNT_MISMATCH when the chunks hold fewer or more reviews than announced", async () => {
    const reviews = syntheticReviews(100, 3);
    for (const count of [99, 101]) {
      let caught: unknown;
      await buildReviewTreeStreaming(count, chunksOf(reviews, 30)).catch((err: unknown) => (caught = err));
      expect(caught, `count ${count}`).to.be.instanceOf(ReviewTreeInputError);
      expect((caught as ReviewTreeInputError).code).to.equal("REVIEW_TREE_COUNT_MISMATCH");
    }
  });
});
