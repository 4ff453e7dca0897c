import { describe, it } from "mocha";
import { expect } from "chai";
import { zeroAddress, zeroHash } from "viem";
import { coalesced, indexerReviewSink, remoteReviewSink } from "../../agents/runtime/indexerReviewSink.js";

const review = { fields: { taskId: zeroHash, reviewer: zeroAddress, subject: zeroAddress, rating: 5, commentHash: zeroHash, timestamp: 1n }, signature: zeroHash };
const refusal = (code: string) => Object.assign(new Error(code), { code });

describe("remoteReviewSink", () => {
  it("retries UNKNOWN_TASK and TASK_NOT_SETTLED with growing waits, then posts once", async () => {
    const calls: unknown[] = [];
    const sleeps: number[] = [];
    const sink = remoteReviewSink(
      {
        postReview: async (r) => {
          calls.push(r);
          if (calls.length === 1) throw refusal("UNKNOWN_TASK");
          if (calls.length < 5) throw refusal("TASK_NOT_SETTLED");
        },
      },
      { delayMs: 5, maxDelayMs: 20, sleep: async (ms) => void sleeps.push(ms) },
    );
    await sink.postReview(review);
    expect(calls).to.have.lengthOf(5);
    expect(sleeps).to.deep.equal([5, 10, 20, 20]);
    expect(calls[4]).to.deep.include({ rating: 5, signature: zeroHash });
  });

  it("error: gives up at once on a permanent refusal, and once the time bound is spent on a transient one", async () => {
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
    let clock = 0;
    const waits: number[] = [];
    const transient = remoteReviewSink(
      { postReview: async () => { throw refusal("TASK_NOT_SETTLED"); } },
      { delayMs: 1_000, maxDelayMs: 8_000, maxWaitMs: 20_000, now: () => clock, sleep: async (ms) => void (waits.push(ms), (clock += ms)) },
    );
    expect(await transient.postReview(review).catch((e: { code?: string }) => e.code)).to.equal("TASK_NOT_SETTLED");
    // 1 + 2 + 4 + 8 + 5 (what is left of the 20 s) seconds, then the last refusal is returned.
    expect(waits).to.deep.equal([1_000, 2_000, 4_000, 8_000, 5_000]);
  });
});

describe("indexerReviewSink", () => {
  it("gives every review an ingest that started after it was posted, one ingest for reviews posted together", async () => {
    const log: string[] = [];
    let ingests = 0;
    let release: (() => void) | undefined;
    const sink = indexerReviewSink({
      ingestOnce: () => {
        const n = ++ingests;
        log.push(`ingest ${n} start`);
        return new Promise<void>((r) => (release = () => (log.push(`ingest ${n} end`), r())));
      },
      submitReview: async (input) => void log.push(`submit ${(input as { rating: number }).rating}`),
    });
    const first = sink.postReview({ ...review, fields: { ...review.fields, rating: 1 } });
    await new Promise((r) => setImmediate(r));
    // Two more arrive while ingest 1 runs: it may have missed their settlements, so they wait for ingest 2.
    const more = [2, 3].map((rating) => sink.postReview({ ...review, fields: { ...review.fields, rating } }));
    release!();
    await first;
    await new Promise((r) => setImmediate(r));
    release!();
    await Promise.all(more);
    expect(ingests).to.equal(2);
    expect(log).to.deep.equal(["ingest 1 start", "ingest 1 end", "submit 1", "ingest 2 start", "ingest 2 end", "submit 2", "submit 3"]);
  });

  it("error: a failed shared run fails each waiting caller, and the next call runs afresh", async () => {
    let n = 0;
    const run = coalesced(async () => {
      n++;
      if (n <= 2) throw new Error(`run ${n} failed`);
    });
    const a = run();
    const b = run();
    expect(await a.catch((e: Error) => e.message)).to.equal("run 1 failed");
    expect(await b.catch((e: Error) => e.message)).to.equal("run 2 failed");
    await run();
    expect(n).to.equal(3);
  });
});
