import { expect } from "chai";
import { describe, it } from "mocha";
import { BidScorer, CapabilityRegistry, MarketAllocationError, MarketAllocator, ReputationTracker, ucbBonus } from "../../agents/market/index.js";
import { MarketInputError } from "../../agents/market/errors.js";

function inputError(fn: () => unknown): MarketInputError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(MarketInputError);
    return e as MarketInputError;
  }
  return expect.fail("expected a MarketInputError");
}

const task = { taskId: `0x${"cd".repeat(32)}`, budget: "1000", requiredSkills: ["ts"], preferredSkills: [] };
const member = (agentId: string) => ({ profile: { agentId, skills: ["ts"], costPerStep: 1, maxSteps: 10 }, preferredMatch: 0 });

describe("market input checks", () => {
  it("error: a success threshold outside [0, 1] is refused, naming it; 0 and 1 are allowed", () => {
    for (const bad of [-0.01, 1.01, Number.NaN]) {
      const e = inputError(() => new MarketAllocator({ reputation: new ReputationTracker(), minSuccessThreshold: bad }));
      expect(e.shortMessage).to.equal("minSuccessThreshold must be in [0, 1]");
      expect(e.details).to.deep.equal({ minSuccessThreshold: bad });
    }
    for (const ok of [0, 1]) expect(new MarketAllocator({ reputation: new ReputationTracker(), minSuccessThreshold: ok }).minSuccessThreshold).to.equal(ok);
  });

  it("error: a negative or infinite indexer weight, exploration or preferred weight is refused, naming it", () => {
    for (const bad of [-1, Number.POSITIVE_INFINITY]) {
      expect(inputError(() => new ReputationTracker({ indexerWeight: bad })).details).to.deep.equal({ indexerWeight: bad });
      expect(inputError(() => new BidScorer({ explorationWeight: bad })).details).to.deep.equal({ explorationWeight: bad });
      expect(inputError(() => new BidScorer({ preferredWeight: bad })).shortMessage).to.equal("preferredWeight must be a finite number >= 0");
    }
    expect(new ReputationTracker({ indexerWeight: 0 })).to.be.instanceOf(ReputationTracker);
  });

  it("error: score weights that do not sum to 1 (beyond rounding) are refused with the sum", () => {
    const e = inputError(() => new BidScorer({ weights: { alpha: 0.5, beta: 0.5, gamma: 1e-8 } }));
    expect(e.code).to.equal("MARKET_INVALID_WEIGHTS");
    expect(e.details).to.include({ alpha: 0.5, beta: 0.5, gamma: 1e-8, delta: 0 });
    expect(new BidScorer({ weights: { alpha: 0.5, beta: 0.5, gamma: 1e-10 } }).weights.alpha).to.equal(0.5);
  });

  it("error: a claimed success outside [0, 1] teaches the tracker nothing; a zero claim leaves calibration alone", () => {
    const t = new ReputationTracker();
    for (const bad of [1.5, -0.1]) expect(inputError(() => t.recordOutcome({ agentId: "a", claimedSuccess: bad, success: true })).details).to.include({ claimedSuccess: bad });
    expect(t.stats("a").outcomes).to.equal(0);
    t.recordOutcome({ agentId: "a", claimedSuccess: 0, success: true });
    expect(t.stats("a")).to.include({ outcomes: 1, meanClaimed: 0, calibration: 1 });
    t.recordOutcome({ agentId: "a", claimedSuccess: 1, success: true });
    expect(t.stats("a").meanClaimed).to.equal(0.5);
  });

  it("learns cost accuracy only from a positive estimate and a finite, non-negative actual cost", () => {
    const t = new ReputationTracker();
    const o = { agentId: "a", claimedSuccess: 0.5, success: true };
    for (const [estimatedCost, actualCost] of [[0, 10], [10, -1], [10, Number.POSITIVE_INFINITY], [undefined, 10], [10, undefined]] as const) {
      t.recordOutcome({ ...o, ...(estimatedCost === undefined ? {} : { estimatedCost }), ...(actualCost === undefined ? {} : { actualCost }) });
    }
    expect(t.stats("a").costAccuracy).to.equal(1);
    t.recordOutcome({ ...o, estimatedCost: 10, actualCost: 0 });
    expect(t.stats("a").costAccuracy).to.be.closeTo(0.8, 1e-12); // EMA α = 0.2 toward 0
  });

  it("error: a corrupt snapshot is refused with MARKET_INVALID_SNAPSHOT and its issues", () => {
    const e = inputError(() => ReputationTracker.restore({ version: 1, totalAwards: -1, agents: {} }));
    expect(e.code).to.equal("MARKET_INVALID_SNAPSHOT");
    expect((e.details as { issues: unknown[] }).issues.length).to.be.greaterThan(0);
    expect(() => ReputationTracker.restore({ version: 1, totalAwards: 0, agents: { "": {} } })).to.throw(MarketInputError);
  });

  it("error: UCB refuses negative or non-finite award counts, naming them", () => {
    expect(inputError(() => ucbBonus(-1, 0)).details).to.deep.equal({ totalAwards: -1 });
    expect(inputError(() => ucbBonus(5, Number.NaN)).details).to.deep.equal({ agentAwards: Number.NaN });
    expect(inputError(() => ucbBonus(5, -1)).shortMessage).to.equal("agentAwards must be a finite number >= 0");
  });
});

describe("MarketAllocator edges", () => {
  const allocator = () => new MarketAllocator({ reputation: new ReputationTracker(), scorer: new BidScorer({ explorationWeight: 0, preferredWeight: 0 }) });

  it("admits a bid exactly at the budget and exactly at the success threshold", () => {
    const r = allocator().rank({ task, members: [member("a")], bids: [{ agentId: "a", claimedSuccess: 0.5, price: 1000 }] });
    expect(r.ranked[0]!.eligible).to.equal(true);
    const over = allocator().rank({ task, members: [member("a")], bids: [{ agentId: "a", claimedSuccess: 0.5, price: 1001 }] });
    expect(over.ranked[0]!.eligible).to.equal(false);
    const low = allocator().rank({ task, members: [member("a")], bids: [{ agentId: "a", claimedSuccess: 0.4999, price: 10 }] });
    expect(low.ranked[0]!.eligible).to.equal(false);
  });

  it("breaks ties by the cheaper price, then by agent id", () => {
    // Identical scores: same claim, same (zero) cost score at price 1000 and 1001 is ineligible, so vary below the budget.
    const a = allocator();
    const same = (agentId: string, price: number) => ({ agentId, claimedSuccess: 0.8, price });
    // With γ = 0 the price does not move the score, so only the tie-breaks order the bids.
    const flat = new MarketAllocator({ reputation: new ReputationTracker(), scorer: new BidScorer({ weights: { alpha: 0.5, beta: 0.5, gamma: 0 }, explorationWeight: 0, preferredWeight: 0 }) });
    const ranked = flat.rank({ task, members: ["c", "b", "a"].map(member), bids: [same("c", 300), same("b", 200), same("a", 300)] }).ranked;
    expect(ranked.map((r) => r.bid.agentId)).to.deep.equal(["b", "a", "c"]);
    expect(a.rank({ task, members: [member("x")], bids: [same("x", 1)] }).ranked).to.have.length(1);
  });

  it("scores time only when the task has a deadline and the caller knows the time", () => {
    const scorer = new BidScorer({ weights: { alpha: 0.25, beta: 0.25, gamma: 0.25, delta: 0.25 }, explorationWeight: 0, preferredWeight: 0 });
    const m = new MarketAllocator({ reputation: new ReputationTracker(), scorer });
    const b = { agentId: "a", claimedSuccess: 0.8, price: 500, estimatedDurationSec: 25 };
    const timed = m.rank({ task: { ...task, deadline: 1_100 }, nowSec: 1_000, members: [member("a")], bids: [b] }).ranked[0]!;
    expect(timed.timeScore).to.be.closeTo(0.75, 1e-12);
    expect(m.rank({ task: { ...task, deadline: 1_100 }, members: [member("a")], bids: [b] }).ranked[0]!.timeScore).to.equal(0);
    expect(m.rank({ task, nowSec: 1_000, members: [member("a")], bids: [b] }).ranked[0]!.timeScore).to.equal(0);
    expect(m.rank({ task: { ...task, deadline: 1_000 }, nowSec: 1_000, members: [member("a")], bids: [b] }).ranked[0]!.timeScore).to.equal(0);
  });

  it("error: says whether no bid came or none qualified, and refuses a task nobody can do", () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).to.be.instanceOf(MarketAllocationError);
        return e as MarketAllocationError;
      }
      return expect.fail("expected a MarketAllocationError");
    };
    expect(err(() => allocator().allocate({ task, members: [member("a")], bids: [] })).shortMessage).to.equal("No bids received");
    const weak = err(() => allocator().allocate({ task, members: [member("a")], bids: [{ agentId: "a", claimedSuccess: 0.1, price: 1 }] }));
    expect(weak.shortMessage).to.equal("No bid reaches the minimum calibrated success within budget");
    const none = err(() => allocator().allocate({ task, members: [], bids: [] }));
    expect(none).to.deep.include({ code: "MARKET_NO_MEMBERS", shortMessage: "No agent has the required skills" });
    expect(none.details).to.deep.include({ bids: [], skipped: [] });
  });

  it("lists a malformed bid as skipped with its agent id when it has one", () => {
    const { skipped } = allocator().rank({ task, members: [member("a")], bids: [{ agentId: "a", claimedSuccess: 2, price: 1 }, null as never, { agentId: 7 } as never] });
    expect(skipped).to.deep.equal([
      { index: 0, agentId: "a", reason: "invalid" },
      { index: 1, agentId: undefined, reason: "invalid" },
      { index: 2, agentId: undefined, reason: "invalid" },
    ]);
  });
});

describe("CapabilityRegistry and claim checks", () => {
  it("matches skills whatever their case and surrounding spaces, and finds a profile by id", () => {
    const r = new CapabilityRegistry();
    r.register({ agentId: "a", skills: [" TypeScript "], costPerStep: 1, maxSteps: 1 });
    expect(r.filter({ requiredSkills: ["typescript"], preferredSkills: ["TYPESCRIPT"] }).capable.map((c) => [c.profile.agentId, c.preferredMatch])).to.deep.equal([["a", 1]]);
    expect(r.filter({ requiredSkills: [], preferredSkills: ["rust", "typescript"] }).capable[0]!.preferredMatch).to.equal(0.5);
    expect(r.get("a")?.agentId).to.equal("a");
    expect(r.get("b")).to.equal(undefined);
    const e = inputError(() => r.register({ agentId: "", skills: [], costPerStep: 1, maxSteps: 1 }));
    expect(e.shortMessage).to.equal("Invalid capability profile");
    expect((e.details as { issues: unknown[] }).issues.length).to.be.greaterThan(0);
  });
});

describe("provenClaims epochs", () => {
  it("error: an epoch outside uint64 makes a claim malformed; the largest uint64 is a well-formed (unanchored) epoch", async () => {
    const { provenClaims } = await import("../../agents/market/provenClaims.js");
    const subject = "0x1111111111111111111111111111111111111111";
    const review = { taskId: `0x${"01".repeat(32)}`, reviewer: "0x2222222222222222222222222222222222222222", subject, rating: 5, commentHash: `0x${"02".repeat(32)}`, timestamp: "1", worker: subject, claimedSuccessBps: 9_000, deliveredBps: 10_000 };
    const claims = [
      { review, epoch: "18446744073709551616", proof: [] },
      { review, epoch: -1n, proof: [] },
      { review, epoch: (1n << 64n) - 1n, proof: [] },
      { review, epoch: "18446744073709551615x", proof: [] },
    ];
    const epochsAsked: bigint[] = [];
    const { rejected } = provenClaims(claims, { subject: subject as `0x${string}`, rootOf: (e) => void epochsAsked.push(e) });
    expect(rejected).to.deep.equal([
      { index: 0, reason: "malformed" },
      { index: 1, reason: "malformed" },
      { index: 2, reason: "unknown-epoch" },
      { index: 3, reason: "malformed" },
    ]);
    expect(epochsAsked).to.deep.equal([(1n << 64n) - 1n]);
  });
});
