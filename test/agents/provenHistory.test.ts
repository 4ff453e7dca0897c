import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, keccak256, stringToHex, type Address, type Hex } from "viem";
import { buildReviewTree } from "../../agents/indexer/merkle/index.js";
import { ReputationTracker } from "../../agents/market/reputation.js";
import type { ReviewLeaf } from "../../agents/protocol/reviewLeaf.js";
import { provenHistory } from "../../agents/runtime/provenHistory.js";
import { provenCalibration } from "../../agents/market/calibration.js";
import type { ChainTaskFacts } from "../../agents/chain/taskFacts.js";

const worker = "0x00000000000000000000000000000000000000aa" as Address;
const manager = "0x00000000000000000000000000000000000000bb" as Address;
const otherClient = (i: number) => getAddress(`0x00000000000000000000000000000000000000c${i}`);

function review(i: number, reviewer: Address, rating: number): ReviewLeaf {
  return { taskId: keccak256(stringToHex(`task-${i}`)), reviewer, subject: worker, rating, commentHash: keccak256(stringToHex(`c${i}`)), timestamp: 1_700_000_000n + BigInt(i), worker, claimedSuccessBps: 9_000, deliveredBps: rating >= 3 ? 10_000 : 0 };
}

/** The escrow's facts of these (honest) leaves' tasks, as readTaskFacts returns them. */
const chainOf = (leaves: readonly ReviewLeaf[]) => async (): Promise<ChainTaskFacts[]> =>
  leaves.map((l) => ({ taskId: l.taskId, client: l.reviewer === l.worker ? l.subject : l.reviewer, worker: l.worker, claimedSuccessBps: l.claimedSuccessBps, deliveredBps: l.deliveredBps }));

/** What GET /agents/:address/reviews returns for one review: wire fields, epoch, proof. */
const claim = (r: ReviewLeaf, epoch: bigint, proof: Hex[]) => ({
  review: { ...r, timestamp: r.timestamp.toString() },
  epoch: epoch.toString(),
  proof,
});

describe("provenHistory", () => {
  it("keeps only claims whose proofs verify against the anchored root, leaving out the manager's own reviews", async () => {
    const reviews = [review(1, otherClient(1), 2), review(2, otherClient(2), 1), review(3, manager, 5)];
    const tree = await buildReviewTree(reviews);
    const tampered = { ...reviews[1]!, rating: 5 };
    const claims = [
      claim(reviews[0]!, 5n, tree.proof(0)),
      claim(reviews[1]!, 5n, tree.proof(1)),
      claim(reviews[2]!, 5n, tree.proof(2)),
      claim(tampered, 5n, tree.proof(1)), // the indexer lies about a rating
      claim(review(4, otherClient(3), 5), 6n, tree.proof(0)), // an epoch that was never anchored
    ];
    const rootsRead: bigint[] = [];
    const history = provenHistory({
      claims: { reviewsOf: async () => ({ reviews: claims }) },
      rootOf: async (e) => (rootsRead.push(e), e === 5n ? tree.root : null),
      tasks: chainOf(reviews),
      manager,
    });
    const { proven: verified, rejected } = await history(worker);
    expect(verified.map((v) => v.reviewer)).to.deep.equal([otherClient(1), otherClient(2)]);
    expect(rejected).to.deep.equal({ "own-review": 1, "bad-proof": 1, "unknown-epoch": 1 });

    await history(worker);
    expect(rootsRead.filter((e) => e === 5n), "an anchored root is read from the chain once").to.have.length(1);
  });

  it("error: an indexer passing off another agent's anchored, provable reviews as the worker's gives it no history", async () => {
    const star = "0x00000000000000000000000000000000000000dd" as Address;
    const aboutStar = [1, 2, 3].map((i) => ({ ...review(i, otherClient(i), 5), subject: star }));
    const tree = await buildReviewTree(aboutStar);
    const claims = aboutStar.map((r, i) => claim(r, 5n, tree.proof(i))); // every proof is valid
    const history = provenHistory({ claims: { reviewsOf: async () => ({ reviews: claims }) }, rootOf: async () => tree.root, tasks: chainOf(aboutStar) });
    const { proven: verified, rejected } = await history(worker);
    expect(verified).to.deep.equal([]);
    expect(rejected).to.deep.equal({ "wrong-subject": 3 });
    expect((await history(star)).proven, "the same claims do count for the agent they are about").to.have.length(3);
  });

  it("gives a lying indexer no power: forged five-star claims leave a worker a stranger", async () => {
    const honest = [review(1, otherClient(1), 1), review(2, otherClient(2), 1)];
    const tree = await buildReviewTree(honest);
    const forged = honest.map((r, i) => claim({ ...r, rating: 5 }, 1n, tree.proof(i)));
    const { proven: verified } = await provenHistory({ claims: { reviewsOf: async () => ({ reviews: forged }) }, rootOf: async () => tree.root, tasks: chainOf(honest) })(worker);
    const tracker = new ReputationTracker();
    tracker.setProvenHistory("w", verified);
    expect(verified).to.have.length(0);
    expect(tracker.reputation("w")).to.equal(new ReputationTracker().reputation("stranger"));
  });

  it("error: an indexer that flatters a worker's calibration (claim lowered, delivery raised) proves nothing, and calibration counts only proven leaves", async () => {
    // Four tasks for other clients: claimed 90% each, delivered on one (ratings 1 deliver nothing).
    const honest = [review(1, otherClient(1), 5), review(2, otherClient(2), 1), review(3, otherClient(3), 1), review(4, otherClient(4), 1)];
    const tree = await buildReviewTree(honest);
    const flattered = honest.map((r, i) => claim(i === 0 ? r : { ...r, ...(i % 2 ? { deliveredBps: 10_000 } : { claimedSuccessBps: 1_000 }) }, 1n, tree.proof(i)));
    const { proven, rejected } = await provenHistory({ claims: { reviewsOf: async () => ({ reviews: flattered }) }, rootOf: async () => tree.root, tasks: chainOf(honest) })(worker);
    expect(rejected).to.deep.equal({ "bad-proof": 3 });
    expect(provenCalibration(worker, proven)).to.deep.include({ tasks: 1, meanClaimed: 0.9, meanDelivered: 1 });
    const truth = await provenHistory({ claims: { reviewsOf: async () => ({ reviews: honest.map((r, i) => claim(r, 1n, tree.proof(i))) }) }, rootOf: async () => tree.root, tasks: chainOf(honest) })(worker);
    expect(truth.checked).to.have.length(4);
    const c = provenCalibration(worker, truth.checked)!;
    expect(c.tasks).to.equal(4);
    expect(c.meanGap).to.be.closeTo(0.9 - 0.25, 1e-12);
  });

  it("error: an indexer that anchors its own flattering root passes every proof, but no flattered leaf is chain-checked", async () => {
    const honest = [review(1, otherClient(1), 5), review(2, otherClient(2), 1), review(3, otherClient(3), 1), review(4, otherClient(4), 1)];
    const lying = honest.map((r, i) => (i === 1 ? { ...r, claimedSuccessBps: 1_000 } : i === 2 ? { ...r, deliveredBps: 10_000 } : i === 3 ? { ...r, taskId: keccak256(stringToHex("never funded")) } : r));
    const tree = await buildReviewTree(lying); // the indexer is the anchorer: its root holds its own leaves
    const { proven, leaves, checked, rejected } = await provenHistory({
      claims: { reviewsOf: async () => ({ reviews: lying.map((r, i) => claim(r, 1n, tree.proof(i))) }) },
      rootOf: async () => tree.root,
      tasks: chainOf(honest),
    })(worker);
    expect(proven, "every proof holds").to.have.length(4);
    expect(leaves.map((l) => l.status)).to.deep.equal(["chain-checked", "mismatched", "mismatched", "not-funded"]);
    expect(leaves[1]).to.deep.include({ mismatches: [{ field: "claimedSuccessBps", leaf: 1_000, chain: 9_000 }] });
    expect(leaves[2]).to.deep.include({ mismatches: [{ field: "deliveredBps", leaf: 10_000, chain: 0 }] });
    expect(rejected).to.deep.equal({ mismatched: 2, "not-funded": 1 });
    expect(checked.map((c) => c.taskId)).to.deep.equal([honest[0]!.taskId]);
    expect(provenCalibration(worker, checked)).to.deep.include({ tasks: 1, meanClaimed: 0.9, meanDelivered: 1 });
  });
});
