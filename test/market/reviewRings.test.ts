import { expect } from "chai";
import { describe, it } from "mocha";
import { evaluateCollusionDetection, makeReviewPopulation } from "../../agents/market/simulation/reviewRings.js";
import type { CollusionDetector } from "../../agents/market/simulation/reviewRings.js";

const flagAll: CollusionDetector = () => ({ signals: { dominanceFlag: true, shiftFlag: false } });
const flagNone: CollusionDetector = () => ({ signals: { dominanceFlag: false, shiftFlag: false } });

describe("review-ring simulation", () => {
  it("is deterministic per seed and labels ring members as colluding", () => {
    const a = makeReviewPopulation({ seed: 3 });
    expect(makeReviewPopulation({ seed: 3 })).to.deep.equal(a);
    expect(makeReviewPopulation({ seed: 4 })).not.to.deep.equal(a);
    const ring = a.subjects.filter((s) => s.colluding);
    expect(ring.length).to.be.greaterThan(50);
    for (const s of ring) {
      // every ring member is praised by its partners, who are themselves ring members
      const partnerReviews = s.reviews.filter((r) => r.reviewer.startsWith("ring-"));
      expect(partnerReviews.length).to.be.at.least(3);
      expect(partnerReviews.every((r) => r.rating === 5 && r.reviewer !== s.subject)).to.equal(true);
    }
    expect(a.subjects.filter((s) => !s.colluding).every((s) => s.reviews.every((r) => !r.reviewer.startsWith("ring-")))).to.equal(true);
  });

  it("records who hired whom: ring members hired every partner, honest agents no ring member", () => {
    const { subjects } = makeReviewPopulation({ seed: 2 });
    for (const s of subjects.filter((x) => x.colluding)) {
      const partners = new Set(s.reviews.filter((r) => r.reviewer.startsWith("ring-")).map((r) => r.reviewer));
      for (const p of partners) expect(s.hired).to.include(p);
    }
    for (const s of subjects.filter((x) => !x.colluding)) expect(s.hired.some((h) => h.startsWith("ring-"))).to.equal(false);
  });

  it("puts every review in the past and every rating in 1-5", () => {
    const { now, subjects } = makeReviewPopulation({ seed: 1 });
    for (const s of subjects) for (const r of s.reviews) {
      expect(r.timestamp).to.be.at.most(now);
      expect(r.rating).to.be.within(1, 5);
    }
  });

  it("scores detectors by recall and false-positive rate", () => {
    const population = makeReviewPopulation({ seed: 1 });
    const all = evaluateCollusionDetection(flagAll, population);
    expect(all).to.include({ recall: 1, falsePositiveRate: 1 });
    const none = evaluateCollusionDetection(flagNone, population);
    expect(none).to.include({ recall: 0, falsePositiveRate: 0, truePositives: 0 });
    // a detector that flags exactly the burst rings: recall = burst share, no false positives
    const bursty: CollusionDetector = (reviews, now) => ({
      signals: { dominanceFlag: false, shiftFlag: reviews.some((r) => r.reviewer.startsWith("ring-") && r.timestamp > now - 7 * 86_400) && reviews.filter((r) => r.reviewer.startsWith("ring-")).every((r) => r.timestamp > now - 7 * 86_400) },
    });
    const report = evaluateCollusionDetection(bursty, population);
    const burst = population.subjects.filter((s) => s.kind === "ring-burst").length;
    expect(report.truePositives).to.equal(burst);
    expect(report.recall).to.be.closeTo(burst / report.colluding, 1e-12);
    expect(report.falsePositiveRate).to.equal(0);
    expect(report.flaggedByKind["ring-burst"]).to.deep.equal({ subjects: burst, flagged: burst });
  });
});
