import { describe, it } from "mocha";
import { expect } from "chai";
import type { Address, Hex } from "viem";
import { calibrationOf, provenCalibration } from "../../agents/market/calibration.js";
import { ReputationTracker, type ProvenReview } from "../../agents/market/index.js";
import { BidScorer } from "../../agents/market/scorer.js";

const W = "0x00000000000000000000000000000000000000Aa" as Address;
const C = "0x00000000000000000000000000000000000000Cc" as Address;

const leaf = (i: number, claimed: number, delivered: number, over: Partial<ProvenReview> = {}): ProvenReview => ({
  taskId: `0x${i.toString(16).padStart(64, "0")}` as Hex,
  reviewer: C,
  subject: W,
  rating: 4,
  commentHash: `0x${"00".repeat(32)}` as Hex,
  timestamp: 1n,
  worker: W,
  claimedSuccessBps: claimed,
  deliveredBps: delivered,
  epoch: 1n,
  ...over,
});

describe("calibrationOf", () => {
  it("gives mean claim, mean delivery, gap, Brier score and factor in probabilities", () => {
    const c = calibrationOf([
      { claimedSuccessBps: 9_000, deliveredBps: 0 },
      { claimedSuccessBps: 9_000, deliveredBps: 10_000 },
    ])!;
    expect(c.tasks).to.equal(2);
    expect(c.meanClaimed).to.be.closeTo(0.9, 1e-12);
    expect(c.meanDelivered).to.be.closeTo(0.5, 1e-12);
    expect(c.meanGap).to.be.closeTo(0.4, 1e-12);
    expect(c.brier).to.be.closeTo((0.81 + 0.01) / 2, 1e-12);
    expect(c.factor).to.be.closeTo(0.5 / 0.9, 1e-12);
  });

  it("scores a perfectly calibrated worker with Brier 0, gap 0 and factor 1, and an underclaimer with a negative gap", () => {
    const exact = calibrationOf([{ claimedSuccessBps: 10_000, deliveredBps: 10_000 }, { claimedSuccessBps: 2_500, deliveredBps: 2_500 }])!;
    expect(exact).to.deep.include({ brier: 0, meanGap: 0, factor: 1 });
    expect(calibrationOf([{ claimedSuccessBps: 5_000, deliveredBps: 10_000 }])!.meanGap).to.equal(-0.5);
  });

  it("error: no task gives no calibration, and a claim of zero leaves the factor at 1", () => {
    expect(calibrationOf([])).to.equal(null);
    expect(calibrationOf([{ claimedSuccessBps: 0, deliveredBps: 10_000 }])!.factor).to.equal(1);
  });
});

describe("provenCalibration", () => {
  it("counts only the leaves where the agent was the reviewed worker", () => {
    const leaves = [
      leaf(1, 9_000, 0),
      leaf(2, 9_000, 10_000),
      // The agent's review of its client: the subject is the client, not the worker.
      leaf(3, 1_000, 10_000, { reviewer: W, subject: C }),
      // A task where the agent was the client: someone else's claim.
      leaf(4, 1_000, 10_000, { subject: W, worker: C }),
    ];
    const c = provenCalibration(W, leaves)!;
    expect(c.tasks).to.equal(2);
    expect(c.meanClaimed).to.be.closeTo(0.9, 1e-12);
    expect(provenCalibration(C, [])).to.equal(null);
  });
});

describe("ReputationTracker with proven calibration", () => {
  it("discounts a stranger's claims by its proven calibration until it has an outcome of its own", () => {
    const t = new ReputationTracker();
    // Claimed 90% on four tasks for other managers, delivered on one.
    t.setProvenHistory("over", [leaf(1, 9_000, 0), leaf(2, 9_000, 0), leaf(3, 9_000, 0), leaf(4, 9_000, 10_000)]);
    t.setProvenHistory("honest", [1, 2, 3, 4].map((i) => leaf(i, 9_000, 10_000)));
    expect(t.calibration("over")).to.be.closeTo(0.25 / 0.9, 1e-12);
    expect(t.calibration("honest")).to.be.closeTo(1 / 0.9, 1e-12);
    expect(t.stats("over").calibration).to.equal(t.calibration("over"));
    // Both bid 90% at the same price: the overclaimer's calibrated success is far lower.
    const scorer = new BidScorer();
    const score = (agentId: string) => scorer.score({ agentId, price: 1, claimedSuccess: 0.9 } as never, { budget: 2, reputation: t });
    expect(score("over").calibratedSuccess).to.be.closeTo(0.25, 1e-9);
    expect(score("honest").calibratedSuccess).to.equal(1);
    expect(score("over").final).to.be.below(score("honest").final);
    // Its own outcomes take over from the proven figure.
    t.recordOutcome({ agentId: "over", claimedSuccess: 0.9, success: true });
    expect(t.calibration("over")).to.equal(t.stats("over").calibration);
    expect(t.calibration("over")).to.be.closeTo(0.8 + 0.2 * (1 / 0.9), 1e-12);
  });

  it("error: without proven leaves as a worker, a stranger keeps calibration 1", () => {
    const t = new ReputationTracker();
    t.setProvenHistory("client-only", [leaf(1, 9_000, 0, { subject: W, worker: C })]);
    expect(t.calibration("client-only")).to.equal(1);
    t.setProvenHistory("gone", [leaf(1, 9_000, 0)]);
    t.setProvenHistory("gone", []);
    expect(t.calibration("gone")).to.equal(1);
  });
});
