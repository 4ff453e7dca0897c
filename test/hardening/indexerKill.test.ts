import { describe, it } from "mocha";
import { expect } from "chai";
import { hardeningCounts } from "./support/counts.js";
import { runAnchorKill } from "./support/anchorKill.js";
import { runIndexerKill } from "./support/indexerKill.js";

describe("hardening: indexer killed during ingest", function () {
  this.timeout(300_000);

  it("error: SIGKILLed and restarted during review intake, it loses and duplicates nothing and keeps the root", async () => {
    const { indexerKillReviews, indexerKills } = hardeningCounts();
    const s = await runIndexerKill({ reviews: Math.min(indexerKillReviews, 300), kills: indexerKills, seed: 3 });
    if (process.env.HARDENING_LOG) console.log(s);
    expect(s).to.deep.include({ kills: indexerKills, lost: 0, duplicated: 0, rootMatches: true });
  });
});

describe("hardening: indexer killed between sending an anchor and recording it", function () {
  this.timeout(120_000);

  it("error: restarted, it records the root already on-chain and never anchors twice or another root", async () => {
    const s = await runAnchorKill();
    expect(s).to.deep.equal({ kills: 1, doubleAnchors: 0, rootMatches: true, anchoredInTime: true });
  });
});
