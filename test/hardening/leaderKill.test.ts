import { expect } from "chai";
import { describe, it } from "mocha";
import { runLeaderKill } from "./support/leaderKill.js";

describe("hardening: indexer roles on PostgreSQL, the leader killed", function () {
  this.timeout(300_000);

  it("error: the leading worker SIGKILLed, the standby leads within seconds; every escrow event stored once, every epoch anchored once", async function () {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) this.skip(); // .ci/run sets it: real PostgreSQL
    const s = await runLeaderKill(url!);
    if (process.env.HARDENING_LOG) console.log(s);
    expect(s.takeoverSeconds, JSON.stringify(s)).to.be.below(10);
    expect(s).to.deep.include({ lost: 0, duplicated: 0, doubleAnchors: 0 });
    expect(s.anchoredEpochs).to.be.at.least(2);
  });
});
