import { describe, it } from "mocha";
import { expect } from "chai";
import { runLoad } from "./support/load.js";

// The production shape of review intake at a small rate: two `indexer api` processes on one
// PostgreSQL schema share the load round robin. The 1,000/s figure is `npm run test:hardening`'s.
describe("indexer scale: two API processes on PostgreSQL", function () {
  this.timeout(180_000);

  it("accepts every review offered across both processes, each stored once, none lost", async function () {
    const databaseUrl = process.env.TEST_DATABASE_URL;
    if (!databaseUrl) this.skip(); // real PostgreSQL (CI sets TEST_DATABASE_URL)
    const s = await runLoad({ perSecond: 100, seconds: 2, databaseUrl, apiProcesses: 2 });
    expect(s.apiProcesses).to.equal(2);
    expect(s.database).to.equal("postgres");
    expect(s.errorKinds).to.deep.equal({});
    expect(s.accepted).to.equal(200);
    expect(s.lost).to.equal(0);
    expect(s.duplicated).to.equal(0);
    // Where the CPU per review went, each party measured on its own (Linux /proc).
    for (const [party, ms] of Object.entries(s.cpuMsPerReviewBy)) expect(ms, party).to.be.a("number").and.greaterThan(0);
  });
});
