import { describe, it } from "mocha";
import { expect } from "chai";
import { gini, swarmMetrics } from "../../agents/demo/metrics.js";

describe("gini", () => {
  it("is 0 for equal earnings and for nobody earning", () => {
    expect(gini([5n, 5n, 5n, 5n])).to.equal(0);
    expect(gini([0, 0])).to.equal(0);
    expect(gini([])).to.equal(0);
  });

  it("is (n-1)/n when one of n agents earns everything", () => {
    expect(gini([0, 0, 0, 100])).to.be.closeTo(0.75, 1e-12);
  });

  it("matches the mean-absolute-difference definition on uneven earnings", () => {
    const xs = [1, 2, 3, 10];
    let diff = 0;
    for (const a of xs) for (const b of xs) diff += Math.abs(a - b);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(gini(xs)).to.be.closeTo(diff / (2 * xs.length ** 2 * mean), 1e-12);
  });

  it("error: rejects negative earnings", () => {
    expect(() => gini([-1, 2])).to.throw(RangeError, /negative/);
  });
});

describe("swarmMetrics", () => {
  it("counts accepted work as success and both dispute endings as disputes", () => {
    const m = swarmMetrics({
      outcomes: ["released", "auto-released", "ruled", "fallback-settled", "refunded", "declined"],
      earningsByWorker: [10n, 10n],
      coordinationMs: 30,
      workMs: 70,
    });
    expect(m.successRate).to.be.closeTo(2 / 6, 1e-12);
    expect(m.disputeRate).to.be.closeTo(2 / 6, 1e-12);
    expect(m.giniEarnings).to.equal(0);
    expect(m.coordinationOverhead).to.be.closeTo(0.3, 1e-12);
  });

  it("reports zeros rather than NaN for an empty run", () => {
    const m = swarmMetrics({ outcomes: [], earningsByWorker: [], coordinationMs: 0, workMs: 0 });
    expect(Object.values(m).every((v) => v === 0)).to.equal(true);
  });
});
