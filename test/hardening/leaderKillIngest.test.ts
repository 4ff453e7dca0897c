import { expect } from "chai";
import { describe, it } from "mocha";
import { runLeaderKillIngest } from "./support/leaderKillIngest.js";

describe("hardening: the leading worker killed during a review ingest (PostgreSQL)", function () {
  this.timeout(300_000);

  it("error: SIGKILLed twice while reviews stream in and epochs close: each review and event stored once, each epoch anchored once with the root of its reviews", async function () {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) this.skip(); // .ci/run sets it: real PostgreSQL
    const s = await runLeaderKillIngest({ databaseUrl: url!, reviews: 60, kills: 2, seed: 5, concurrency: 4 });
    if (process.env.HARDENING_LOG) console.log(s);
    expect(s, JSON.stringify(s)).to.deep.include({ kills: 2, reviews: 60, lost: 0, duplicated: 0, eventsLost: 0, eventsDuplicated: 0, doubleAnchors: 0, rootsMatch: true });
    expect(s.maxTakeoverSeconds).to.be.below(10);
  });
});
