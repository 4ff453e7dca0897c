import { expect } from "chai";
import { describe, it } from "mocha";
import { BidScorer, DEFAULT_WEIGHTS, MarketInputError, ReputationTracker, ucbBonus } from "../../agents/market/index.js";
import type { MarketBid } from "../../agents/market/index.js";

const bid = (over: Partial<MarketBid> = {}): MarketBid => ({ agentId: "a", price: 400, claimedSuccess: 0.9, ...over });

describe("BidScorer", () => {
  it("defaults to α = 0.35, β = 0.45, γ = 0.20 and a UCB scale of 0.1", () => {
    expect(new BidScorer().weights).to.deep.equal({ alpha: 0.35, beta: 0.45, gamma: 0.2, delta: 0 });
    expect(new BidScorer().explorationWeight).to.equal(0.1);
    expect(DEFAULT_WEIGHTS.alpha + DEFAULT_WEIGHTS.beta + DEFAULT_WEIGHTS.gamma).to.be.closeTo(1, 1e-12);
  });

  it("computes calibrated success, cost score, composite, UCB and final by the formulas", () => {
    const t = new ReputationTracker();
    // give "a" history: 2 awards, 1 success + 1 failure at claim 0.9, cost overrun 1.25
    t.recordAward("a");
    t.recordAward("a");
    t.recordAward("b");
    t.recordAward("b");
    t.recordOutcome({ agentId: "a", claimedSuccess: 0.9, success: true, estimatedCost: 100, actualCost: 125 });
    t.recordOutcome({ agentId: "a", claimedSuccess: 0.9, success: false });
    const s = new BidScorer().score(bid(), { budget: 1000, reputation: t, preferredMatch: 0.5 });
    const cal = t.calibration("a");
    const calibrated = Math.min(1, 0.9 * cal);
    const costScore = 1 - (400 * t.costAccuracy("a")) / 1000;
    const reputation = (1 + 1) / (2 + 2);
    const composite = 0.35 * reputation + 0.45 * calibrated + 0.2 * costScore;
    const ucb = 0.1 * Math.sqrt((2 * Math.log(4)) / 2);
    expect(s.reputation).to.be.closeTo(reputation, 1e-12);
    expect(s.calibratedSuccess).to.be.closeTo(calibrated, 1e-12);
    expect(s.costScore).to.be.closeTo(costScore, 1e-12);
    expect(s.composite).to.be.closeTo(composite, 1e-12);
    expect(s.ucb).to.be.closeTo(ucb, 1e-12);
    expect(s.final).to.be.closeTo(composite + 0.05 * 0.5 + ucb, 1e-12);
  });

  it("clamps calibrated success and cost score to [0, 1]", () => {
    const t = new ReputationTracker();
    for (let i = 0; i < 20; i++) t.recordOutcome({ agentId: "a", claimedSuccess: 0.5, success: true });
    const s = new BidScorer().score(bid({ claimedSuccess: 0.9, price: 5000 }), { budget: 1000, reputation: t });
    expect(t.calibration("a")).to.be.greaterThan(1.5);
    expect(s.calibratedSuccess).to.equal(1);
    expect(s.costScore).to.equal(0);
    const free = new BidScorer().score(bid({ price: 0 }), { budget: 0, reputation: t });
    expect(free.costScore).to.equal(1);
  });

  it("adds preferred skills and the optional time term only when configured", () => {
    const t = new ReputationTracker();
    const plain = new BidScorer({ explorationWeight: 0 });
    const base = plain.score(bid(), { budget: 1000, reputation: t });
    const preferred = plain.score(bid(), { budget: 1000, reputation: t, preferredMatch: 1 });
    expect(preferred.final - base.final).to.be.closeTo(0.05, 1e-12);
    const timed = new BidScorer({ weights: { alpha: 0.3, beta: 0.4, gamma: 0.2, delta: 0.1 }, explorationWeight: 0 });
    const fast = timed.score(bid({ estimatedDurationSec: 600 }), { budget: 1000, reputation: t, timeAvailableSec: 3600 });
    const slow = timed.score(bid({ estimatedDurationSec: 3600 }), { budget: 1000, reputation: t, timeAvailableSec: 3600 });
    expect(fast.timeScore).to.be.closeTo(1 - 600 / 3600, 1e-12);
    expect(slow.timeScore).to.equal(0);
    expect(fast.final - slow.final).to.be.closeTo(0.1 * (1 - 600 / 3600), 1e-12);
  });

  it("uses the UCB bonus of the tracker's award counts", () => {
    const t = new ReputationTracker();
    for (let i = 0; i < 9; i++) t.recordAward("a");
    t.recordAward("b");
    const scorer = new BidScorer({ explorationWeight: 1 });
    expect(scorer.score(bid({ agentId: "a" }), { budget: 1000, reputation: t }).ucb).to.be.closeTo(ucbBonus(10, 9), 1e-12);
    expect(scorer.score(bid({ agentId: "b" }), { budget: 1000, reputation: t }).ucb).to.be.closeTo(ucbBonus(10, 1), 1e-12);
    expect(scorer.score(bid({ agentId: "c" }), { budget: 1000, reputation: t }).ucb).to.be.closeTo(ucbBonus(10, 0), 1e-12);
    expect(new BidScorer().score(bid({ agentId: "a" }), { budget: 1000, reputation: t }).ucb).to.be.closeTo(0.1 * ucbBonus(10, 9), 1e-12);
  });

  it("error: rejects weights that do not sum to 1", () => {
    expect(() => new BidScorer({ weights: { alpha: 0.4, beta: 0.45, gamma: 0.2 } }))
      .to.throw(MarketInputError)
      .with.property("code", "MARKET_INVALID_WEIGHTS");
    expect(() => new BidScorer({ weights: { alpha: 0.3, beta: 0.45, gamma: 0.2 } })).to.throw(/sum to 1/);
  });

  it("error: rejects negative weights even when they sum to 1", () => {
    expect(() => new BidScorer({ weights: { alpha: -0.2, beta: 1, gamma: 0.2 } })).to.throw(MarketInputError);
    expect(() => new BidScorer({ explorationWeight: -1 })).to.throw(MarketInputError);
  });
});
