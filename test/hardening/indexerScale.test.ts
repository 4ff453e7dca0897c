import { describe, it } from "mocha";
import { expect } from "chai";
import { runLoad, type LoadSummary } from "./support/load.js";
import { loadFigures } from "./support/runAll.js";

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
    expect(s.loadAverage.every((l) => Number.isFinite(l) && l >= 0)).to.equal(true);
  });

});

describe("test:hardening's load figures", () => {
  const summary = (perSecond: number, lost: number, cpuMsPerReview: number | null): LoadSummary => ({
    offeredPerSecond: 1_000, seconds: 60, sent: 60_000, accepted: 60_000 - lost, perSecond, p50Ms: 30, p99Ms: 90, errors: 0, errorKinds: {}, lost, duplicated: 0,
    apiProcesses: 1, database: "pglite", cpuMsPerReview, cpuMsPerReviewBy: { apiProcesses: cpuMsPerReview, postgresBackends: null, loadGenerator: 0.1 }, loadAverage: [12, 14],
  });

  it("call the 1,000/s goal met only from 99% of the offered rate with none lost, and give the one-core ceiling of the CPU per review", () => {
    expect(loadFigures(summary(995, 0, 0.8))).to.deep.include({ met: true, oneCoreCeilingPerSecond: 1_250, loadAverage: [12, 14] });
    expect(loadFigures(summary(352, 0, 0.756))).to.deep.include({ met: false, oneCoreCeilingPerSecond: 1_322 });
    expect(loadFigures(summary(1_000, 1, 0.8)).met).to.equal(false);
    expect(loadFigures(summary(989, 0, null))).to.deep.include({ met: false, oneCoreCeilingPerSecond: null });
  });
});
