import { describe, it } from "mocha";
import { expect } from "chai";
import fc from "fast-check";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { REVIEW_LEAF_TYPES, reviewLeaf } from "../../agents/protocol/reviewLeaf.js";
import type { ReviewLeaf } from "../../agents/protocol/reviewLeaf.js";
import {
  buildReviewTree,
  loadReviewTree,
  reviewLeafHash,
  ReviewTreeFormatError,
  ReviewTreeInputError,
  type ReviewMerkleTree,
} from "../../agents/indexer/merkle/index.js";
import { buildInParallel } from "../../agents/indexer/merkle/parallel.js";
import { isReviewProven } from "../../agents/protocol/reviewProof.js";
import { ozTree, randomReviews } from "./fixtures.js";

const TYPES = [...REVIEW_LEAF_TYPES];

/** Asserts root, every leaf hash and every proof equal the library's, and that the library accepts them. */
function expectSameAsOz(tree: ReviewMerkleTree, reviews: ReviewLeaf[]): void {
  const oz = ozTree(reviews);
  expect(tree.root).to.equal(oz.root);
  expect(tree.leafCount).to.equal(reviews.length);
  for (let i = 0; i < reviews.length; i++) {
    const proof = tree.proof(i);
    expect(proof, `proof ${i}`).to.deep.equal(oz.getProof(i));
    expect(tree.leafHash(i)).to.equal(oz.leafHash(reviewLeaf(reviews[i]!)));
    expect(StandardMerkleTree.verify(tree.root, TYPES, reviewLeaf(reviews[i]!), proof)).to.equal(true);
  }
}

describe("buildReviewTree", () => {
  for (const size of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 64, 100, 255, 256, 257, 1000, 2048, 3001]) {
    it(`matches StandardMerkleTree root and proofs for ${size} leaves`, async () => {
      const reviews = randomReviews(size, size * 7919);
      expectSameAsOz(await buildReviewTree(reviews), reviews);
    });
  }

  it("matches StandardMerkleTree on random trees of random sizes (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 2 ** 31 }), async (size, seed) => {
        const reviews = randomReviews(size, seed);
        expectSameAsOz(await buildReviewTree(reviews), reviews);
      }),
      { numRuns: 25 },
    );
  });

  it("places duplicate reviews exactly where StandardMerkleTree does (stable order)", async () => {
    const base = randomReviews(40, 99);
    const reviews = [...base, base[3]!, base[3]!, base[17]!, ...randomReviews(5, 7), base[0]!];
    expectSameAsOz(await buildReviewTree(reviews), reviews);
  });

  it("handles many identical reviews without quadratic sorting and still matches the library", async () => {
    const one = randomReviews(1, 5)[0]!;
    const reviews = [...Array.from({ length: 600 }, () => one), ...randomReviews(10, 6)];
    expectSameAsOz(await buildReviewTree(reviews), reviews);
  });

  it("gives the same root for lower-case and checksummed addresses", async () => {
    const reviews = randomReviews(20, 3);
    const lower = reviews.map((r) => ({ ...r, reviewer: r.reviewer.toLowerCase() as typeof r.reviewer }));
    expect((await buildReviewTree(lower)).root).to.equal((await buildReviewTree(reviews)).root);
  });

  it("builds the identical tree on two threads (shared-memory workers)", async () => {
    for (const size of [1, 2, 3, 17, 1000, 4099, 9000]) {
      const reviews = randomReviews(size, 31 * size);
      const parallel = await buildReviewTree(reviews, { threads: 2 });
      if (size <= 1000) expectSameAsOz(parallel, reviews);
      const serial = await buildReviewTree(reviews, { threads: 1 });
      expect(Buffer.from(parallel.toBytes()).equals(Buffer.from(serial.toBytes())), `size ${size}`).to.equal(true);
    }
  });

  it("reuses the ring of encoded chunks many times over without mixing chunks up", async () => {
    const reviews = randomReviews(1500, 8);
    const serial = await buildReviewTree(reviews, { threads: 1 });
    for (const layout of [{ chunkLeaves: 16, slots: 2 }, { chunkLeaves: 7, slots: 3 }, { chunkLeaves: 1, slots: 1 }]) {
      const ring = await buildInParallel(reviews, 2, layout);
      expect(Buffer.from(ring.toBytes()).equals(Buffer.from(serial.toBytes())), JSON.stringify(layout)).to.equal(true);
    }
  });

  it("error: a bad review stops a two-thread build with the same typed error", async () => {
    const reviews = randomReviews(9000, 12);
    reviews[8500] = { ...reviews[8500]!, rating: 300 };
    const err = await buildReviewTree(reviews, { threads: 2 }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ReviewTreeInputError);
    expect((err as ReviewTreeInputError).details).to.include({ index: 8500, field: "rating" });
  });

  it("error: rejects an empty list", async () => {
    const err = await buildReviewTree([]).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ReviewTreeInputError);
  });

  it("error: rejects fields that do not fit the leaf types, naming the review and field", async () => {
    const good = randomReviews(3, 11);
    const cases: [Partial<ReviewLeaf>, string][] = [
      [{ taskId: "0x1234" }, "taskId"],
      [{ reviewer: "0xzz00000000000000000000000000000000000000" }, "reviewer"],
      [{ subject: "0x00000000000000000000000000000000000000001" as ReviewLeaf["subject"] }, "subject"],
      [{ rating: 256 }, "rating"],
      [{ rating: 2.5 }, "rating"],
      [{ commentHash: "1234" as ReviewLeaf["commentHash"] }, "commentHash"],
      [{ timestamp: 1n << 64n }, "timestamp"],
      [{ timestamp: -1n }, "timestamp"],
    ];
    for (const [patch, field] of cases) {
      const reviews = [good[0]!, { ...good[1]!, ...patch } as ReviewLeaf, good[2]!];
      const err = await buildReviewTree(reviews).catch((e: unknown) => e);
      expect(err, field).to.be.instanceOf(ReviewTreeInputError);
      expect((err as ReviewTreeInputError).details).to.include({ index: 1, field });
    }
  });

  it("error: proof and leafHash reject an index outside the tree", async () => {
    const tree = await buildReviewTree(randomReviews(5, 1));
    for (const bad of [-1, 5, 1.5, Number.NaN]) {
      expect(() => tree.proof(bad)).to.throw(ReviewTreeInputError);
      expect(() => tree.leafHash(bad)).to.throw(ReviewTreeInputError);
    }
  });
});

describe("loadReviewTree", () => {
  it("restores root, leaf hashes and proofs from toBytes without the reviews", async () => {
    for (const size of [1, 2, 3, 130]) {
      const reviews = randomReviews(size, 1000 + size);
      const built = await buildReviewTree(reviews);
      const bytes = built.toBytes();
      const copy = new Uint8Array(bytes.length + 3).subarray(3); // misaligned on purpose
      copy.set(bytes);
      expectSameAsOz(loadReviewTree(copy), reviews);
    }
  });

  it("error: rejects truncated, relabelled or foreign bytes", async () => {
    const bytes = (await buildReviewTree(randomReviews(10, 2))).toBytes();
    const wrongMagic = bytes.slice();
    wrongMagic[0] = wrongMagic[0]! ^ 1;
    const wrongCount = bytes.slice();
    wrongCount[4] = 11;
    const notALeaf = bytes.slice();
    notALeaf.fill(0, bytes.length - 4); // last leaf position -> 0, the root
    for (const bad of [bytes.subarray(0, bytes.length - 1), wrongMagic, wrongCount, notALeaf, new Uint8Array(3)]) {
      expect(() => loadReviewTree(bad)).to.throw(ReviewTreeFormatError);
    }
  });
});

describe("reviewLeafHash", () => {
  it("equals the StandardMerkleTree leaf hash", () => {
    for (const r of randomReviews(20, 42)) {
      expect(reviewLeafHash(r)).to.equal(ozTree([r]).leafHash(reviewLeaf(r)));
    }
  });
});

describe("isReviewProven", () => {
  it("accepts every review of a built tree and rejects a changed review, proof or root", async () => {
    const reviews = randomReviews(50, 77);
    const tree = await buildReviewTree(reviews);
    for (let i = 0; i < reviews.length; i++) expect(isReviewProven(tree.root, reviews[i]!, tree.proof(i))).to.equal(true);
    const r = reviews[9]!;
    const proof = tree.proof(9);
    expect(isReviewProven(tree.root.toUpperCase().replace("0X", "0x") as typeof tree.root, r, proof)).to.equal(true);
    expect(isReviewProven(tree.root, { ...r, rating: r.rating === 5 ? 4 : 5 }, proof)).to.equal(false);
    expect(isReviewProven(tree.root, r, proof.slice(0, -1))).to.equal(false);
    expect(isReviewProven(tree.root, r, tree.proof(10))).to.equal(false);
    expect(isReviewProven(tree.root, r, [...proof.slice(1), "0x1234"])).to.equal(false);
    expect(isReviewProven(tree.leafHash(0), r, proof)).to.equal(false);
  });
});

describe("isReviewProven (browser-safe)", () => {
  it("error: a review that does not fit the leaf types is a ReviewTreeInputError naming the field", async () => {
    const [r] = randomReviews(1, 5);
    const tree = await buildReviewTree([r!]);
    expect(() => isReviewProven(tree.root, { ...r!, rating: 300 }, [])).to.throw(ReviewTreeInputError, /rating/);
    expect(() => isReviewProven(tree.root, { ...r!, timestamp: 5 as unknown as bigint }, [])).to.throw(ReviewTreeInputError, /timestamp/);
  });
});

describe("reviewTreeRoot", () => {
  it("rebuilds the same root as buildReviewTree from the reviews in any order", async () => {
    const reviews = randomReviews(37, 99);
    const { reviewTreeRoot } = await import("../../agents/indexer/merkle/verify.js");
    expect(reviewTreeRoot([...reviews].reverse())).to.equal((await buildReviewTree(reviews)).root);
    expect(() => reviewTreeRoot([])).to.throw(ReviewTreeInputError);
  });
});
