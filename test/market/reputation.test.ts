import { expect } from "chai";
import { describe, it } from "mocha";
import type { Address, Hex } from "viem";
import { MarketInputError, ReputationTracker } from "../../agents/market/index.js";
import type { ProvenReview } from "../../agents/market/index.js";

const review = (rating: number): ProvenReview => ({
  taskId: `0x${"11".repeat(32)}` as Hex,
  reviewer: `0x${"22".repeat(20)}` as Address,
  subject: `0x${"33".repeat(20)}` as Address,
  rating,
  commentHash: `0x${"00".repeat(32)}` as Hex,
  timestamp: 1n,
  worker: `0x${"33".repeat(20)}` as Address,
  claimedSuccessBps: 9_000,
  deliveredBps: 10_000,
  epoch: 1n,
});

describe("ReputationTracker", () => {
  it("starts a new agent at calibration 1.0, cost accuracy 1.0 and reputation 0.5", () => {
    const t = new ReputationTracker();
    expect(t.calibration("new")).to.equal(1);
    expect(t.costAccuracy("new")).to.equal(1);
    expect(t.reputation("new")).to.equal(0.5);
    expect(t.stats("new")).to.include({ awards: 0, outcomes: 0, successRate: 0 });
  });

  it("updates calibration as an EMA (α = 0.2) of success rate over mean claim", () => {
    const t = new ReputationTracker();
    t.recordOutcome({ agentId: "a", claimedSuccess: 0.8, success: true });
    expect(t.calibration("a")).to.be.closeTo(0.8 * 1 + 0.2 * (1 / 0.8), 1e-12);
    t.recordOutcome({ agentId: "a", claimedSuccess: 0.6, success: false });
    // rate 1/2, mean claim 0.7
    const expected = 0.8 * (0.8 + 0.2 / 0.8) + 0.2 * (0.5 / 0.7);
    expect(t.calibration("a")).to.be.closeTo(expected, 1e-12);
  });

  it("converges near 0.67 for an agent that claims 0.9 and succeeds 60% of the time", () => {
    const t = new ReputationTracker();
    const pattern = [true, false, true, false, true]; // 3 of 5
    for (let i = 0; i < 300; i++) {
      t.recordOutcome({ agentId: "boaster", claimedSuccess: 0.9, success: pattern[i % 5]! });
    }
    expect(t.stats("boaster").successRate).to.be.closeTo(0.6, 1e-12);
    expect(t.calibration("boaster")).to.be.closeTo(0.6 / 0.9, 0.01);
    // calibrated claim ≈ true rate
    expect(0.9 * t.calibration("boaster")).to.be.closeTo(0.6, 0.01);
  });

  it("tracks cost accuracy as an EMA of actual over estimated cost", () => {
    const t = new ReputationTracker();
    t.recordOutcome({ agentId: "a", claimedSuccess: 0.5, success: true, estimatedCost: 100, actualCost: 150 });
    expect(t.costAccuracy("a")).to.be.closeTo(0.8 + 0.2 * 1.5, 1e-12);
    for (let i = 0; i < 100; i++) t.recordOutcome({ agentId: "a", claimedSuccess: 0.5, success: true, estimatedCost: 100, actualCost: 200 });
    expect(t.costAccuracy("a")).to.be.closeTo(2, 1e-6);
    t.recordOutcome({ agentId: "b", claimedSuccess: 0.5, success: true, estimatedCost: 0, actualCost: 10 });
    expect(t.costAccuracy("b")).to.equal(1);
  });

  it("counts awards for the UCB: N over all agents and nᵢ per agent", () => {
    const t = new ReputationTracker();
    t.recordAward("a");
    t.recordAward("a");
    t.recordAward("b");
    expect(t.totalAwards).to.equal(3);
    expect(t.awards("a")).to.equal(2);
    expect(t.awards("c")).to.equal(0);
  });

  it("blends verified indexer reviews into the Bayesian reputation", () => {
    const t = new ReputationTracker();
    t.recordOutcome({ agentId: "a", claimedSuccess: 0.5, success: true });
    expect(t.reputation("a")).to.be.closeTo(2 / 3, 1e-12);
    t.setProvenHistory("a", [review(5), review(5), review(1)]);
    // (1 + 1 + 1 + 0 + 1) / (1 + 3 + 2)
    expect(t.reputation("a")).to.be.closeTo(4 / 6, 1e-12);
    t.setProvenHistory("a", [review(1), review(1)]);
    expect(t.reputation("a")).to.be.closeTo(2 / 5, 1e-12);
    const heavy = new ReputationTracker({ indexerWeight: 0.5 });
    heavy.setProvenHistory("x", [review(5), review(5)]);
    expect(heavy.reputation("x")).to.be.closeTo((0.5 * 2 + 1) / (0.5 * 2 + 2), 1e-12);
  });

  it("survives a JSON round trip through snapshot and restore", () => {
    const t = new ReputationTracker();
    t.recordAward("a");
    t.recordAward("b");
    t.recordOutcome({ agentId: "a", claimedSuccess: 0.9, success: false, estimatedCost: 10, actualCost: 12 });
    t.setProvenHistory("b", [review(4)]);
    const restored = ReputationTracker.restore(JSON.parse(JSON.stringify(t.snapshot())));
    for (const id of ["a", "b", "c"]) expect(restored.stats(id)).to.deep.equal(t.stats(id));
    expect(restored.totalAwards).to.equal(2);
  });

  it("error: refuses a corrupt snapshot", () => {
    const t = new ReputationTracker();
    t.recordAward("a");
    const bad = t.snapshot() as { agents: Record<string, { calibration: unknown }> };
    bad.agents.a!.calibration = "NaN";
    expect(() => ReputationTracker.restore(bad)).to.throw(MarketInputError).with.property("code", "MARKET_INVALID_SNAPSHOT");
    expect(() => ReputationTracker.restore({ version: 2, totalAwards: 0, agents: {} })).to.throw(MarketInputError);
  });

  it("error: rejects a claimed success outside [0, 1]", () => {
    const t = new ReputationTracker();
    expect(() => t.recordOutcome({ agentId: "a", claimedSuccess: 1.2, success: true })).to.throw(MarketInputError);
    expect(() => t.recordOutcome({ agentId: "a", claimedSuccess: Number.NaN, success: true })).to.throw(MarketInputError);
    expect(t.stats("a").outcomes).to.equal(0);
  });
});
