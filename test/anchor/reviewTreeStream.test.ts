import { describe, it } from "mocha";
import { expect } from "chai";
import { syntheticReviews } from "../../agents/bench/syntheticReviews.js";
import { decodeAbiParameters, getAddress, toHex } from "viem";
import { syntheticLeafBytes } from "../../agents/bench/syntheticLeafBytes.js";
import { REVIEW_LEAF_FIELDS, REVIEW_LEAF_TYPES, type ReviewLeaf } from "../../agents/protocol/reviewLeaf.js";
import { encodeReviewLeaf, LEAF_BYTES } from "../../agents/indexer/merkle/encode.js";
import { buildReviewTree, buildReviewTreeStreaming, ReviewTreeInputError } from "../../agents/indexer/merkle/index.js";

/** The review a leaf's abi bytes encode (viem's decoder, so this checks the bytes are a valid encoding). */
function decodeLeaf(bytes: Uint8Array): ReviewLeaf {
  const values = decodeAbiParameters(REVIEW_LEAF_TYPES.map((type) => ({ type })), toHex(bytes));
  return Object.fromEntries(REVIEW_LEAF_FIELDS.map((f, i) => [f.name, f.type === "address" ? getAddress(values[i] as string) : values[i]])) as unknown as ReviewLeaf;
}

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

  it("builds from abi-encoded chunks the same tree as from the reviews they encode, on one and two threads", async () => {
    const n = 3_001;
    const bytes = new Uint8Array(n * LEAF_BYTES);
    syntheticLeafBytes(n, 5, bytes, 50);
    const reviews = Array.from({ length: n }, (_, i) => decodeLeaf(bytes.subarray(i * LEAF_BYTES, (i + 1) * LEAF_BYTES)));
    // The generator writes exactly what encodeReviewLeaf writes for the decoded review.
    const again = Buffer.alloc(LEAF_BYTES);
    encodeReviewLeaf(reviews[17]!, again, 0);
    expect(again.equals(bytes.subarray(17 * LEAF_BYTES, 18 * LEAF_BYTES))).to.equal(true);
    expect(reviews[17]!.rating).to.be.within(1, 5);
    const whole = await buildReviewTree(reviews, { threads: 1 });
    const pieces = [bytes.subarray(0, 1_000 * LEAF_BYTES), reviews.slice(1_000, 2_000), bytes.subarray(2_000 * LEAF_BYTES)];
    for (const threads of [1, 2]) {
      const streamed = await buildReviewTreeStreaming(n, pieces, { threads });
      expect(Buffer.from(streamed.toBytes()).equals(Buffer.from(whole.toBytes())), `threads ${threads}`).to.equal(true);
    }
  });

  it("writes every proof in tree order, each the proof of the input leaf it names", async () => {
    const reviews = syntheticReviews(1_500, 9);
    const tree = await buildReviewTree(reviews, { threads: 1 });
    const stride = 32 * 12;
    const out = new Uint8Array(100 * stride);
    const index = new Uint32Array(100);
    const depth = new Uint8Array(100);
    const seen = new Set<number>();
    let previousLeaf = "";
    for (let first = 0; first < reviews.length; first += 100) {
      tree.proofsInTreeOrder(first, Math.min(100, reviews.length - first), out, stride, index, depth);
      for (let k = 0; k < Math.min(100, reviews.length - first); k++) {
        const i = index[k]!;
        seen.add(i);
        const siblings = Array.from({ length: depth[k]! }, (_, d) => `0x${Buffer.from(out.subarray(k * stride + d * 32, k * stride + d * 32 + 32)).toString("hex")}`);
        expect(siblings, `leaf ${i}`).to.deep.equal(tree.proof(i));
        const leaf = tree.leafHash(i);
        expect(leaf > previousLeaf, "ascending leaf hashes").to.equal(true);
        previousLeaf = leaf;
      }
    }
    expect(seen.size).to.equal(reviews.length);
    expect(() => tree.proofsInTreeOrder(1_400, 101, out, stride, index, depth)).to.throw(ReviewTreeInputError);
  });

  it("error: REVIEW_TREE_BAD_CHUNK when an encoded chunk is not whole leaves", async () => {
    let caught: unknown;
    await buildReviewTreeStreaming(2, [new Uint8Array(LEAF_BYTES + 5)]).catch((err: unknown) => (caught = err));
    expect((caught as ReviewTreeInputError).code).to.equal("REVIEW_TREE_BAD_CHUNK");
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
