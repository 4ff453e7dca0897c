import { describe, it } from "mocha";
import { expect } from "chai";
import {
  bayesianAverage,
  decayWeight,
  mutualHiring,
  recentShift,
  reputation,
  SCORE_PARAMS,
  taskValueWeight,
  topReviewer,
  verifiedShare,
  type ScoreInput,
} from "../../agents/indexer/scores.js";

const NOW = 1_800_000_000;
const DAY = 86_400;
const r = (rating: number, daysAgo: number, reviewer = "0xa", verified = true): ScoreInput => ({
  rating,
  timestamp: NOW - daysAgo * DAY,
  reviewer,
  verified,
});

describe("indexer scores", () => {
  it("halves a review's weight every 90 days and never counts a future one above 1", () => {
    expect(decayWeight(0)).to.equal(1);
    expect(decayWeight(90 * DAY)).to.equal(0.5);
    expect(decayWeight(180 * DAY)).to.equal(0.25);
    expect(decayWeight(-DAY)).to.equal(1);
  });

  it("weighs a review by its task's value: 0 below the minimum, 1 at it, +1 per tenfold", () => {
    expect(taskValueWeight(9_999n, 10_000n)).to.equal(0);
    expect(taskValueWeight(10_000n, 10_000n)).to.equal(1);
    expect(taskValueWeight(100_000n, 10_000n)).to.be.closeTo(2, 1e-12);
    expect(taskValueWeight(5_000_000n, 10_000n)).to.be.closeTo(1 + Math.log10(500), 1e-12);
    expect(taskValueWeight(0n, 0n), "no minimum: every task counts, from weight 1").to.equal(1);
    expect(taskValueWeight(1_000n, 0n)).to.be.closeTo(4, 1e-12);
    expect(taskValueWeight(undefined, 10_000n), "simulations without amounts").to.equal(1);
  });

  it("error: a ring of 1-unit wash tasks cannot lift an agent above an honest one with a few real tasks", () => {
    // 300 fresh five-star reviews from 30 colluding identities, each on a task that locked 1 unit.
    const wash = Array.from({ length: 300 }, (_, i): ScoreInput => ({ ...r(5, 0, `0xring${i % 30}`), amount: 1n }));
    // Three four-star reviews of real 5-token tasks (6 decimals), a month old.
    const honest = [1, 2, 3].map((i): ScoreInput => ({ ...r(4, 30, `0xclient${i}`), amount: 5_000_000n }));
    const washed = reputation(wash, NOW);
    const earned = reputation(honest, NOW);
    expect(washed.bayesian, "wash reviews weigh nothing: the prior").to.equal(SCORE_PARAMS.prior);
    expect(washed.score).to.be.below(earned.score);
    expect(earned.bayesian).to.be.above(SCORE_PARAMS.prior);
    // Mixed in with real work, the wash reviews change nothing either.
    expect(reputation([...honest, ...wash], NOW).bayesian).to.be.closeTo(earned.bayesian, 1e-12);
    // Without the rule (every task weighing 1) the same ring would have won.
    const unweighted = { ...SCORE_PARAMS, minTaskValue: 0n };
    expect(reputation(wash, NOW, unweighted).score).to.be.above(reputation(honest, NOW, unweighted).score);
  });

  it("counts a task at the configured minimum and a larger one more", () => {
    const p = { ...SCORE_PARAMS, minTaskValue: 100n };
    const small = bayesianAverage([{ ...r(5, 0), amount: 100n }], NOW, p);
    const large = bayesianAverage([{ ...r(5, 0), amount: 100_000n }], NOW, p);
    expect(small).to.be.closeTo(40 / 11, 1e-12); // weight 1
    expect(large).to.be.closeTo((35 + 4 * 5) / 14, 1e-12); // weight 1 + log10(1000) = 4
    expect(verifiedShare([{ ...r(5, 0, "0xa", true), amount: 99n }, { ...r(5, 0, "0xb", false), amount: 100n }], NOW, p)).to.equal(0);
  });

  it("starts a subject without reviews at the 3.5-star prior", () => {
    const rep = reputation([], NOW);
    expect(rep).to.deep.include({ count: 0, mean: null, bayesian: 3.5, verifiedShare: 0, score: 3.5 });
    expect(rep.signals).to.deep.equal({
      topReviewer: null,
      topReviewerShare: 0,
      shift: null,
      dominanceFlag: false,
      shiftFlag: false,
      mutualHires: 0,
      mutualHireShare: 0,
      mutualHireFlag: false,
    });
  });

  it("pulls one fresh verified 5-star review toward the prior with weight 10, then adds the 10% bonus", () => {
    const rep = reputation([r(5, 0)], NOW);
    expect(rep.bayesian).to.be.closeTo(40 / 11, 1e-12); // (3.5·10 + 5) / (10 + 1)
    expect(rep.score).to.be.closeTo(4.0, 1e-12); // 40/11 · 1.1
  });

  it("weighs old reviews less and scales the bonus by the verified share", () => {
    const reviews = [r(1, 0, "0xa", true), r(5, 180, "0xb", false)];
    // weights 1 and 0.25: (35 + 1 + 1.25) / (10 + 1.25)
    expect(bayesianAverage(reviews, NOW)).to.be.closeTo(37.25 / 11.25, 1e-12);
    expect(verifiedShare(reviews, NOW)).to.be.closeTo(0.8, 1e-12); // 1 / 1.25
    expect(reputation(reviews, NOW).score).to.be.closeTo((37.25 / 11.25) * 1.08, 1e-12);
    expect(bayesianAverage([r(5, 90, "0xa", false)], NOW)).to.be.closeTo(37.5 / 10.5, 1e-12);
  });

  it("caps the score at 5 stars", () => {
    const many = Array.from({ length: 100 }, (_, i) => r(5, 0, `0x${i}`));
    expect(bayesianAverage(many, NOW)).to.be.closeTo(535 / 110, 1e-12);
    expect(reputation(many, NOW).score).to.equal(5);
  });

  it("flags a reviewer holding more than 30% of at least 5 reviews", () => {
    const five = [r(5, 1, "0xA"), r(5, 2, "0xa"), r(4, 3, "0xb"), r(4, 4, "0xc"), r(3, 5, "0xd")];
    expect(topReviewer(five)).to.deep.equal({ reviewer: "0xa", share: 0.4 });
    expect(reputation(five, NOW).signals.dominanceFlag).to.equal(true);
    const spread = Array.from({ length: 10 }, (_, i) => r(4, i, `0x${i}`));
    expect(reputation(spread, NOW).signals).to.deep.include({ topReviewerShare: 0.1, dominanceFlag: false });
    const few = [r(5, 1), r(5, 2), r(5, 3), r(5, 4)];
    expect(reputation(few, NOW).signals).to.deep.include({ topReviewerShare: 1, dominanceFlag: false });
  });

  it("flags a shift of more than 1.5 stars between the last 7 days and before", () => {
    const burst = [r(5, 1, "0xa"), r(5, 2, "0xb"), r(2, 30, "0xc"), r(3, 40, "0xd")];
    expect(recentShift(burst, NOW)).to.equal(2.5);
    expect(reputation(burst, NOW).signals.shiftFlag).to.equal(true);
    const steady = [r(4, 1, "0xa"), r(3, 30, "0xb"), r(3, 40, "0xc")];
    expect(recentShift(steady, NOW)).to.equal(1);
    expect(reputation(steady, NOW).signals.shiftFlag).to.equal(false);
    expect(recentShift([r(5, 1), r(1, 2)], NOW)).to.equal(null);
  });

  describe("mutual hiring", () => {
    // Reviews by clients: spread over 60 days, so neither dominance nor shift sees the ring.
    const byClient = (rating: number, daysAgo: number, reviewer: string): ScoreInput => ({ ...r(rating, daysAgo, reviewer), byClient: true });
    const organic = Array.from({ length: 12 }, (_, i) => byClient(3, 10 + i * 10, `0xc${i}`));
    const ring = [1, 20, 40, 55].flatMap((d, i) => [byClient(5, d, "0xp1"), byClient(5, d + 2, "0xp2")].slice(0, i === 3 ? 1 : 2));

    it("flags praise from clients the subject hired in turn, however slowly it is spread", () => {
      const rep = reputation([...organic, ...ring], NOW, SCORE_PARAMS, new Set(["0xp1", "0xp2"]));
      expect(rep.signals).to.deep.include({ dominanceFlag: false, shiftFlag: false, mutualHires: 7, mutualHireFlag: true });
      expect(rep.signals.mutualHireShare).to.be.closeTo(7 / 19, 1e-12);
    });

    it("does not flag without the hiring graph, or when the subject hired none of its reviewers", () => {
      expect(reputation([...organic, ...ring], NOW).signals.mutualHireFlag).to.equal(false);
      expect(reputation([...organic, ...ring], NOW, SCORE_PARAMS, new Set(["0xc99", "0xother"])).signals).to.deep.include({ mutualHires: 0, mutualHireFlag: false });
    });

    it("ignores reviews by the subject's own workers: reviewing your client back is normal", () => {
      const back = ring.map((x) => ({ ...x, byClient: false }));
      expect(mutualHiring([...organic, ...back], new Set(["0xp1", "0xp2"]))).to.deep.equal({ count: 0, share: 0, mean: null });
    });

    it("does not flag an honest two-way business that is not trading praise", () => {
      const partner = [1, 20, 40, 55].map((d) => byClient(3, d, "0xp1"));
      const rep = reputation([...organic, ...partner], NOW, SCORE_PARAMS, new Set(["0xp1"]));
      expect(rep.signals).to.deep.include({ mutualHires: 4, mutualHireFlag: false });
    });

    it("needs at least three mutual reviews", () => {
      expect(reputation([...organic, byClient(5, 3, "0xp1"), byClient(5, 30, "0xp1")], NOW, SCORE_PARAMS, new Set(["0xp1"])).signals.mutualHireFlag).to.equal(false);
    });
  });
});
