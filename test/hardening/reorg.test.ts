import { describe, it } from "mocha";
import { expect } from "chai";
import { runReorg } from "./support/reorg.js";

describe("hardening: reorgs of ingested escrow blocks", function () {
  this.timeout(120_000);

  it("error: after evm_revert of 1-5 ingested blocks and a different history, the indexer matches the new chain", async () => {
    const s = await runReorg({ maxDepth: 5 });
    if (process.env.HARDENING_LOG) console.log(s);
    expect(s.maxDepth).to.equal(5);
    expect(s.consistent, JSON.stringify(s.perDepth)).to.equal(true);
  });
});
