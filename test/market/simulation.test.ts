import { expect } from "chai";
import { describe, it } from "mocha";
import { makeWorkers, runSimulation, summariseSimulation, DEFAULT_SIMULATION } from "../../agents/market/simulation.js";

describe("market simulation", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = runSimulation({ seed: 7, tasks: 300 });
    expect(runSimulation({ seed: 7, tasks: 300 })).to.deep.equal(a);
    expect(runSimulation({ seed: 8, tasks: 300 })).not.to.deep.equal(a);
  });

  it("draws 20 workers with hidden rates, overconfidence and skills", () => {
    const workers = makeWorkers(DEFAULT_SIMULATION);
    expect(workers).to.have.length(20);
    for (const w of workers) {
      expect(w.trueSuccess).to.be.within(0.3, 0.95);
      expect(w.skills.length).to.be.greaterThan(0);
    }
    expect(workers.filter((w) => w.trueSuccess < 0.6).length).to.be.greaterThan(3);
  });

  it("learns to beat round-robin and random, and counts solicitations the filter saved", () => {
    const r = runSimulation({ seed: 1 });
    const s = r.strategies;
    expect(s.market.afterWarmup.successRate).to.be.greaterThan(s.roundRobin.afterWarmup.successRate + 0.1);
    expect(s.market.afterWarmup.successRate).to.be.greaterThan(s.random.afterWarmup.successRate + 0.1);
    expect(s.market.afterWarmup.calibrationError).to.be.lessThan(s.greedy.afterWarmup.calibrationError);
    expect(r.solicitations.withoutFilter).to.equal(21 * 1000); // 20 workers and the whitewasher
    expect(r.solicitations.withFilter + r.solicitations.saved).to.equal(r.solicitations.withoutFilter);
    expect(r.solicitations.saved).to.be.greaterThan(0);
  });

  it("meets the issue #7 goals on average over seeds 1-5 after the first 200 tasks, with a whitewasher in the market", () => {
    const summary = summariseSimulation([1, 2, 3, 4, 5]);
    expect(summary.successVsOracle.mean).to.be.at.least(0.95);
    expect(summary.badHireReduction.mean).to.be.at.least(0.8);
    expect(summary.calibrationError.mean).to.be.at.most(0.05);
    expect(summary.whitewashShare.max).to.be.at.most(0.05);
    expect(summary.met).to.equal(true);
  });

  it("asks at most K per task, and bounds what a whitewasher wins that asking everyone would not", () => {
    const r = runSimulation({ seed: 3 });
    expect(r.solicitations.asked).to.be.at.most(5 * 1000);
    expect(r.solicitations.asked).to.be.lessThan(r.solicitations.withFilter);
    expect(r.whitewashing.reRegistrations).to.be.greaterThan(0);
    const everyone = runSimulation({ seed: 3, maxCandidates: Infinity });
    expect(everyone.whitewashing.share).to.be.greaterThan(0.2);
    expect(r.whitewashing.share).to.be.at.most(0.05);
  });
});
