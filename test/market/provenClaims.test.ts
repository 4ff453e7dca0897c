import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { describe, it } from "mocha";
import type { Address, Hex } from "viem";
import { ReputationTracker, provenClaims } from "../../agents/market/index.js";
import { REVIEW_LEAF_TYPES, reviewLeaf } from "../../agents/protocol/reviewLeaf.js";
import type { ReviewLeaf } from "../../agents/protocol/reviewLeaf.js";

const WORKER = "0x1111111111111111111111111111111111111111" as Address;
const OTHER = "0x2222222222222222222222222222222222222222" as Address;
const MANAGER = "0x3333333333333333333333333333333333333333" as Address;

const reviewer = (i: number) => `0x${(0x100 + i).toString(16).padStart(40, "0")}` as Address;
const makeReview = (i: number, subject: Address = WORKER, rating = 5): ReviewLeaf => ({
  taskId: `0x${i.toString(16).padStart(64, "0")}` as Hex,
  reviewer: reviewer(i),
  subject,
  rating,
  commentHash: `0x${"cd".repeat(32)}` as Hex,
  timestamp: 1_700_000_000n + BigInt(i),
  worker: subject,
  claimedSuccessBps: 9_000,
  deliveredBps: 10_000,
});

/** One anchored epoch: its tree and claims as an indexer would serve them (JSON: bigints as strings). */
function epoch(reviews: ReviewLeaf[]) {
  const tree = StandardMerkleTree.of(reviews.map(reviewLeaf), [...REVIEW_LEAF_TYPES]);
  const claims = reviews.map((r, i) => ({
    review: { ...r, timestamp: r.timestamp.toString() },
    epoch: "7",
    proof: tree.getProof(i),
  }));
  return { root: tree.root as Hex, claims };
}

describe("provenClaims", () => {
  it("keeps claims whose proofs check out against the anchored root", () => {
    const { root, claims } = epoch([makeReview(1), makeReview(2, WORKER, 3), makeReview(3, OTHER)]);
    const { proven: verified, rejected } = provenClaims(claims, { rootOf: (e) => (e === 7n ? root : undefined), subject: WORKER });
    expect(verified.map((r) => r.rating)).to.deep.equal([5, 3]);
    expect(verified[0]!.timestamp).to.equal(1_700_000_001n);
    expect(verified[0]!.epoch).to.equal(7n);
    expect(rejected).to.deep.equal([{ index: 2, reason: "wrong-subject" }]);
  });

  it("drops a claim whose review was altered after anchoring", () => {
    const { root, claims } = epoch([makeReview(1, WORKER, 1), makeReview(2)]);
    const forged = { ...claims[0]!, review: { ...claims[0]!.review, rating: 5 } };
    const { proven: verified, rejected } = provenClaims([forged, claims[1]], { rootOf: () => root, subject: WORKER });
    expect(verified).to.have.length(1);
    expect(rejected).to.deep.equal([{ index: 0, reason: "bad-proof" }]);
  });

  it("counts claims for epochs with no on-chain root as no history", () => {
    const { claims } = epoch([makeReview(1), makeReview(2)]);
    const tracker = new ReputationTracker();
    const { proven: verified, rejected } = provenClaims(claims, { rootOf: () => undefined, subject: WORKER });
    tracker.setProvenHistory("w", verified);
    expect(verified).to.have.length(0);
    expect(rejected.map((r) => r.reason)).to.deep.equal(["unknown-epoch", "unknown-epoch"]);
    expect(tracker.reputation("w")).to.equal(0.5);
  });

  it("drops malformed claims, throwing verifiers, duplicates and the manager's own reviews", () => {
    const own = { ...makeReview(4), reviewer: MANAGER };
    const { root, claims } = epoch([makeReview(1), makeReview(2), own]);
    const junk = [{ review: { rating: 9 } }, null, "x", { ...claims[0], proof: ["0x12"] }];
    const result = provenClaims([...junk, claims[0], claims[0], claims[1], claims[2]], {
      rootOf: () => root,
      subject: WORKER,
      excludeReviewer: MANAGER,
    });
    expect(result.proven.map((r) => r.reviewer)).to.deep.equal([reviewer(1), reviewer(2)]);
    expect(result.rejected.map((r) => r.reason)).to.deep.equal(["malformed", "malformed", "malformed", "malformed", "duplicate", "own-review"]);
    const throwing = provenClaims([claims[0]], {
      rootOf: () => root,
      subject: WORKER,
      verify: () => {
        throw new Error("boom");
      },
    });
    expect(throwing.rejected).to.deep.equal([{ index: 0, reason: "verifier-error" }]);
  });

  it("feeds only verified history into the tracker's reputation", () => {
    const { root, claims } = epoch([makeReview(1, WORKER, 5), makeReview(2, WORKER, 5)]);
    const fakeRoot = `0x${"ee".repeat(32)}` as Hex;
    const tracker = new ReputationTracker();
    tracker.setProvenHistory("w", provenClaims(claims, { rootOf: () => fakeRoot, subject: WORKER }).proven);
    expect(tracker.reputation("w")).to.equal(0.5);
    tracker.setProvenHistory("w", provenClaims(claims, { rootOf: () => root, subject: WORKER }).proven);
    expect(tracker.reputation("w")).to.be.closeTo(3 / 4, 1e-12);
  });
});
