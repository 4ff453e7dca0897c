import { expect } from "chai";
import { describe, it } from "mocha";
import { candidateRank, DEFAULT_MAX_CANDIDATES, MarketInputError, ReputationTracker, selectCandidates } from "../../agents/market/index.js";

/** A tracker where `record[id]` = [successes, failures] of own outcomes, each claimed at `claim`. */
function trackerWith(record: Record<string, [number, number]>, claim = 0.8): ReputationTracker {
  const t = new ReputationTracker();
  for (const [id, [ok, bad]] of Object.entries(record)) {
    for (let i = 0; i < ok + bad; i++) {
      t.recordAward(id);
      t.recordOutcome({ agentId: id, claimedSuccess: claim, success: i < ok });
    }
  }
  return t;
}

describe("selectCandidates", () => {
  it("asks at most K of 200 capable workers, however many are proven or new", () => {
    const ids = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const half = trackerWith(Object.fromEntries(ids.slice(0, 100).map((id, i) => [id, [3 + (i % 5), 1]])));
    for (const [tracker, label] of [[new ReputationTracker(), "all new"], [half, "half proven"]] as const) {
      for (let task = 0; task < 50; task++) {
        const s = selectCandidates(ids, tracker, { key: `t${task}` });
        expect(s.asked.length, label).to.equal(DEFAULT_MAX_CANDIDATES);
        expect(new Set(s.asked).size).to.equal(s.asked.length);
        expect(s.notAsked).to.equal(195);
      }
    }
    expect(selectCandidates(ids, half, { key: "t", maxCandidates: 3 }).asked).to.have.length(3);
  });

  it("ranks proven agents by reputation and calibrated success, discounting thin records", () => {
    const t = trackerWith({ good: [18, 2], okay: [6, 4], lucky: [3, 0], bad: [1, 9] });
    const s = selectCandidates(["bad", "lucky", "okay", "good"], t, { key: "t1", explorationRate: 0 });
    expect(s.asked).to.deep.equal(["good", "lucky", "okay", "bad"]);
    expect(candidateRank(t.stats("good"))).to.be.greaterThan(candidateRank(t.stats("lucky")));
    expect(s.newcomers).to.deep.equal([]);
  });

  it("a fresh identity competes only for the one exploration seat", () => {
    const proven = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`p${i}`, [8, 2] as [number, number]]));
    const t = trackerWith(proven);
    const capable = [...Object.keys(proven), "fresh1", "fresh2", "fresh3"];
    let explored = 0;
    for (let task = 0; task < 2_000; task++) {
      const s = selectCandidates(capable, t, { key: `t${task}`, explorationRate: 0.1 });
      expect(s.newcomers.length).to.be.at.most(1);
      expect(s.proven.length).to.equal(s.newcomers.length === 1 ? DEFAULT_MAX_CANDIDATES - 1 : DEFAULT_MAX_CANDIDATES);
      explored += s.newcomers.length;
    }
    expect(explored / 2_000).to.be.within(0.07, 0.13);
  });

  it("offers the exploration seat on every task while fewer than two agents are proven, and every seat when none is", () => {
    const one = trackerWith({ p0: [5, 0] });
    for (let task = 0; task < 20; task++) {
      const s = selectCandidates(["p0", "n1", "n2", "n3", "n4", "n5"], one, { key: `t${task}`, explorationRate: 0 });
      expect(s.proven).to.deep.equal(["p0"]);
      expect(s.newcomers).to.have.length(1);
    }
    expect(selectCandidates(["n1", "n2", "n3"], new ReputationTracker(), { key: "t" }).newcomers).to.have.length(3);
  });

  it("is deterministic per task key, and newcomers take turns across tasks", () => {
    const fresh = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const t = new ReputationTracker();
    expect(selectCandidates(fresh, t, { key: "x", maxCandidates: 2 })).to.deep.equal(selectCandidates(fresh, t, { key: "x", maxCandidates: 2 }));
    const seen = new Set<string>();
    for (let task = 0; task < 40; task++) for (const id of selectCandidates(fresh, t, { key: `t${task}`, maxCandidates: 2 }).asked) seen.add(id);
    expect(seen.size).to.equal(fresh.length);
  });

  it("error: K below 1 or an exploration rate outside [0, 1] is a MarketInputError", () => {
    const t = new ReputationTracker();
    expect(() => selectCandidates(["a"], t, { key: "t", maxCandidates: 0 })).to.throw(MarketInputError);
    expect(() => selectCandidates(["a"], t, { key: "t", explorationRate: 1.5 })).to.throw(MarketInputError);
  });
});
