import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, keccak256, toHex, type Address } from "viem";
import { assertReviewRules, MAX_FUTURE_SKEW, type ReviewClaim, type StoredTaskParties } from "../../agents/indexer/acceptance.js";
import { ReviewRejectedError, type ReviewRejection } from "../../agents/indexer/errors.js";

const agent = (name: string): Address => getAddress(keccak256(toHex(name)).slice(0, 42));
const [CLIENT, WORKER, STRANGER] = [agent("client"), agent("worker"), agent("stranger")];
const NOW = 1_800_000_000;
const task: StoredTaskParties = { client: CLIENT, worker: WORKER, status: "Released", outcome: "released" };
const review = (over: Partial<ReviewClaim> = {}): ReviewClaim => ({
  taskId: keccak256(toHex("task")),
  reviewer: CLIENT,
  subject: WORKER,
  rating: 5,
  timestamp: BigInt(NOW - 60),
  ...over,
});

/** The rule `r` breaks; `t` null stands for a task the indexer does not know. */
function rejected(r: ReviewClaim, t: StoredTaskParties | null = task, skew?: number): ReviewRejection {
  try {
    assertReviewRules(r, t ?? undefined, NOW, skew);
  } catch (err) {
    expect(err).to.be.instanceOf(ReviewRejectedError);
    return (err as ReviewRejectedError).code;
  }
  return expect.fail("expected a ReviewRejectedError");
}

describe("assertReviewRules", () => {
  it("accepts either party reviewing the other on a settled task, with any rating 1-5", () => {
    for (const rating of [1, 2, 3, 4, 5]) assertReviewRules(review({ rating }), task, NOW);
    assertReviewRules(review({ reviewer: WORKER, subject: CLIENT }), task, NOW);
    for (const outcome of ["auto-released", "split", "refunded"] as const) assertReviewRules(review(), { ...task, outcome }, NOW);
  });

  it("accepts a timestamp up to the clock skew ahead of now, and any past one", () => {
    assertReviewRules(review({ timestamp: BigInt(NOW + MAX_FUTURE_SKEW) }), task, NOW);
    assertReviewRules(review({ timestamp: BigInt(NOW + 10) }), task, NOW, 10);
    assertReviewRules(review({ timestamp: 0n }), task, NOW);
  });

  it("error: a rating outside 1-5", () => {
    for (const rating of [0, 6, -1, 255]) expect(rejected(review({ rating })), String(rating)).to.equal("RATING_OUT_OF_RANGE");
  });

  it("error: a timestamp one second beyond the allowed skew", () => {
    expect(rejected(review({ timestamp: BigInt(NOW + MAX_FUTURE_SKEW + 1) }))).to.equal("TIMESTAMP_IN_FUTURE");
    expect(rejected(review({ timestamp: BigInt(NOW + 11) }), task, 10)).to.equal("TIMESTAMP_IN_FUTURE");
    expect(rejected(review({ timestamp: BigInt(NOW + 1) }), task, 0)).to.equal("TIMESTAMP_IN_FUTURE");
  });

  it("error: a task this escrow never funded, and one that has not settled", () => {
    expect(rejected(review(), null)).to.equal("UNKNOWN_TASK");
    for (const status of ["Funded", "Submitted", "Disputed"]) {
      expect(rejected(review(), { ...task, status, outcome: null }), status).to.equal("TASK_NOT_SETTLED");
    }
  });

  it("error: anyone but the task's client and worker, or a party reviewing itself", () => {
    const cases: [Address, Address][] = [
      [STRANGER, WORKER],
      [CLIENT, STRANGER],
      [STRANGER, CLIENT],
      [WORKER, STRANGER],
      [CLIENT, CLIENT],
      [WORKER, WORKER],
    ];
    for (const [reviewer, subject] of cases) expect(rejected(review({ reviewer, subject })), `${reviewer}->${subject}`).to.equal("WRONG_PARTIES");
  });

  it("error: each rejection names the offending values in its message and details", () => {
    const caught = (r: ReviewClaim, t: StoredTaskParties | undefined) => {
      try {
        assertReviewRules(r, t, NOW);
      } catch (err) {
        const e = err as ReviewRejectedError;
        return { message: e.shortMessage, details: e.details };
      }
      return expect.fail("expected a rejection");
    };
    const id = review().taskId;
    expect(caught(review({ rating: 7 }), task)).to.deep.equal({ message: "rating 7 is not 1-5", details: { rating: 7 } });
    const late = BigInt(NOW + 1_000);
    expect(caught(review({ timestamp: late }), task)).to.deep.equal({
      message: `review time ${late} is in the future`,
      details: { timestamp: late.toString(), now: NOW },
    });
    expect(caught(review(), undefined)).to.deep.equal({ message: `task ${id} is not funded in this escrow`, details: { taskId: id } });
    expect(caught(review(), { ...task, status: "Submitted", outcome: null })).to.deep.equal({
      message: `task ${id} is Submitted, not settled`,
      details: { taskId: id, status: "Submitted" },
    });
    expect(caught(review({ reviewer: STRANGER }), task)).to.deep.equal({
      message: "reviewer and subject must be the task's client and worker",
      details: { taskId: id, reviewer: STRANGER, subject: WORKER },
    });
  });

  it("error: reports the first broken rule: rating, then time, then task, then parties", () => {
    const bad = review({ rating: 0, timestamp: BigInt(NOW + 10_000), reviewer: STRANGER });
    expect(rejected(bad, null)).to.equal("RATING_OUT_OF_RANGE");
    expect(rejected({ ...bad, rating: 3 }, null)).to.equal("TIMESTAMP_IN_FUTURE");
    expect(rejected({ ...bad, rating: 3, timestamp: BigInt(NOW) }, null)).to.equal("UNKNOWN_TASK");
    expect(rejected({ ...bad, rating: 3, timestamp: BigInt(NOW) }, { ...task, outcome: null })).to.equal("TASK_NOT_SETTLED");
  });
});
