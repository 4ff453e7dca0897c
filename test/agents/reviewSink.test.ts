import { describe, it } from "mocha";
import { expect } from "chai";
import { zeroAddress, zeroHash } from "viem";
import { remoteReviewSink } from "../../agents/runtime/indexerReviewSink.js";

const review = { fields: { taskId: zeroHash, reviewer: zeroAddress, subject: zeroAddress, rating: 5, commentHash: zeroHash, timestamp: 1n }, signature: zeroHash };
const refusal = (code: string) => Object.assign(new Error(code), { code });

describe("remoteReviewSink", () => {
  it("retries while the indexer has not ingested the settlement yet, then posts once", async () => {
    const calls: unknown[] = [];
    const sleeps: number[] = [];
    const sink = remoteReviewSink(
      {
        postReview: async (r) => {
          calls.push(r);
          if (calls.length < 3) throw refusal("TASK_NOT_SETTLED");
        },
      },
      { delayMs: 5, sleep: async (ms) => void sleeps.push(ms) },
    );
    await sink.postReview(review);
    expect(calls).to.have.lengthOf(3);
    expect(sleeps).to.deep.equal([5, 5]);
    expect(calls[2]).to.deep.include({ rating: 5, signature: zeroHash });
  });

  it("error: gives up at once on a permanent refusal, and after the last attempt on a transient one", async () => {
    let n = 0;
    const permanent = remoteReviewSink(
      {
        postReview: async () => {
          n++;
          throw refusal("BAD_SIGNATURE");
        },
      },
      { sleep: async () => {} },
    );
    const err = await permanent.postReview(review).catch((e: { code?: string }) => e);
    expect(err).to.have.property("code", "BAD_SIGNATURE");
    expect(n).to.equal(1);
    let m = 0;
    const transient = remoteReviewSink({ postReview: async () => { m++; throw refusal("INDEXER_UNAVAILABLE"); } }, { attempts: 4, sleep: async () => {} });
    expect(await transient.postReview(review).catch((e: { code?: string }) => e.code)).to.equal("INDEXER_UNAVAILABLE");
    expect(m).to.equal(4);
  });
});
