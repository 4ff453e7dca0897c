import { expect } from "chai";
import { describe, it } from "mocha";
import {
  CapabilityRegistry,
  MarketAllocationError,
  MarketAllocator,
  ReputationTracker,
} from "../../agents/market/index.js";
import type { MarketBid } from "../../agents/market/index.js";
import { UserInputError as BaseUserInputError } from "../../agents/errors.js";

const task = { taskId: `0x${"ab".repeat(32)}`, budget: "1000", requiredSkills: ["typescript"], preferredSkills: [] };

function market() {
  const registry = new CapabilityRegistry();
  for (const id of ["a", "b", "c"]) registry.register({ agentId: id, skills: ["typescript"], costPerStep: 1, maxSteps: 10 });
  registry.register({ agentId: "poet", skills: ["poetry"], costPerStep: 1, maxSteps: 10 });
  const tracker = new ReputationTracker();
  const allocator = new MarketAllocator({ reputation: tracker });
  return { registry, tracker, allocator, members: registry.filter(task).capable };
}

const bid = (agentId: string, claimedSuccess: number, price = 500): MarketBid => ({ agentId, claimedSuccess, price });

function caught(fn: () => unknown): MarketAllocationError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(MarketAllocationError);
    return e as MarketAllocationError;
  }
  expect.fail("expected a MarketAllocationError");
}

describe("MarketAllocator", () => {
  it("awards the highest final score among eligible bids", () => {
    const { allocator, members } = market();
    const result = allocator.allocate({ task, members, bids: [bid("a", 0.6), bid("b", 0.9), bid("c", 0.7)] });
    expect(result.winner.bid.agentId).to.equal("b");
    expect(result.ranked.map((r) => r.bid.agentId)).to.deep.equal(["b", "c", "a"]);
    expect(result.ranked[0]!.final).to.be.greaterThan(result.ranked[1]!.final);
  });

  it("passes over a higher final score whose calibrated success is below the threshold", () => {
    const { allocator, tracker, members } = market();
    // "b" has claimed 0.9 and failed often: calibration ≈ 0.3, calibrated ≈ 0.27
    for (let i = 0; i < 30; i++) tracker.recordOutcome({ agentId: "b", claimedSuccess: 0.9, success: i % 4 === 0 });
    for (let i = 0; i < 30; i++) tracker.recordAward(i % 2 ? "a" : "c");
    const { ranked } = allocator.rank({ task, members, bids: [bid("a", 0.55, 900), bid("b", 0.9, 0)] });
    const b = ranked.find((r) => r.bid.agentId === "b")!;
    expect(b.calibratedSuccess).to.be.lessThan(0.5);
    expect(b.eligible).to.equal(false);
    const result = allocator.allocate({ task, members, bids: [bid("a", 0.55, 900), bid("b", 0.9, 0)] });
    expect(result.winner.bid.agentId).to.equal("a");
  });

  it("learns: after outcomes and awards the reliable agent beats the boaster", () => {
    const { allocator, tracker, members } = market();
    const attempts = { a: 0, b: 0 } as Record<string, number>;
    for (let i = 0; i < 200; i++) {
      const r = allocator.allocate({ task, members, bids: [bid("a", 0.95, 500), bid("b", 0.7, 500)] });
      const winner = r.winner.bid.agentId;
      tracker.recordAward(winner);
      // a succeeds 50%, b succeeds 90%
      const k = attempts[winner]!++;
      const success = winner === "a" ? k % 2 === 0 : k % 10 !== 0;
      tracker.recordOutcome({ agentId: winner, claimedSuccess: r.winner.bid.claimedSuccess, success });
    }
    expect(tracker.awards("b")).to.be.greaterThan(tracker.awards("a") * 3);
  });

  it("is deterministic on ties: lower price, then smaller agent id", () => {
    const { allocator, members } = market();
    expect(allocator.allocate({ task, members, bids: [bid("b", 0.8, 500), bid("a", 0.8, 500)] }).winner.bid.agentId).to.equal("a");
    expect(allocator.allocate({ task, members, bids: [bid("a", 0.8, 500), bid("b", 0.8, 499)] }).winner.bid.agentId).to.equal("b");
  });

  it("skips bids that fail the schema and second bids from one agent", () => {
    const { allocator, members } = market();
    const forged = { agentId: "c", claimedSuccess: 5, price: 0 } as MarketBid;
    const result = allocator.allocate({ task, members, bids: [forged, bid("a", 0.6), bid("a", 0.99, 0), bid("b", 0.7)] });
    expect(result.winner.bid.agentId).to.equal("b");
    expect(result.ranked.map((r) => r.bid.agentId)).to.deep.equal(["b", "a"]);
    expect(result.skipped).to.deep.equal([
      { index: 0, agentId: "c", reason: "invalid" },
      { index: 2, agentId: "a", reason: "duplicate" },
    ]);
  });

  it("error: MARKET_ALLOCATION_REJECTED when no bid reaches the threshold, with task id, status and bids", () => {
    const { allocator, members } = market();
    const err = caught(() => allocator.allocate({ task, members, bids: [bid("a", 0.3), bid("b", 0.49)] }));
    expect(err.code).to.equal("MARKET_ALLOCATION_REJECTED");
    expect(err.details).to.include({ taskId: task.taskId, status: "rejected", minSuccessThreshold: 0.5 });
    expect((err.details.bids as { agentId: string }[]).map((b) => b.agentId)).to.have.members(["a", "b"]);
    expect(err).to.be.instanceOf(BaseUserInputError);
    expect(err.kind).to.equal("user");
    expect(err.name).to.equal("MarketAllocationError");
  });

  it("error: MARKET_ALLOCATION_REJECTED when there are no bids or every bid is over budget", () => {
    const { allocator, members } = market();
    expect(caught(() => allocator.allocate({ task, members, bids: [] })).code).to.equal("MARKET_ALLOCATION_REJECTED");
    const over = caught(() => allocator.allocate({ task, members, bids: [bid("a", 0.99, 1001)] }));
    expect(over.code).to.equal("MARKET_ALLOCATION_REJECTED");
  });

  it("error: MARKET_NO_MEMBERS when nobody passed the capability filter", () => {
    const { allocator, registry } = market();
    const none = registry.filter({ requiredSkills: ["rust"] }).capable;
    const err = caught(() => allocator.allocate({ task, members: none, bids: [bid("a", 0.9)] }));
    expect(err.code).to.equal("MARKET_NO_MEMBERS");
    expect(err.details).to.include({ taskId: task.taskId, status: "no-members" });
  });

  it("error: MARKET_WINNER_NOT_MEMBER when the best bid comes from an unsolicited agent", () => {
    const { allocator, members } = market();
    const err = caught(() => allocator.allocate({ task, members, bids: [bid("a", 0.6), bid("poet", 0.99, 10)] }));
    expect(err.code).to.equal("MARKET_WINNER_NOT_MEMBER");
    expect(err.details).to.include({ taskId: task.taskId, status: "winner-not-member", winner: "poet" });
    expect(err.status).to.equal("winner-not-member");
  });

  it("error: rejects a threshold outside [0, 1]", () => {
    expect(() => new MarketAllocator({ reputation: new ReputationTracker(), minSuccessThreshold: 1.5 })).to.throw(BaseUserInputError);
  });
});
