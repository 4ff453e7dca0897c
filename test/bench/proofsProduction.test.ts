import { expect } from "chai";
import { network } from "hardhat";
import { describe, it } from "mocha";
import { benchProofsProduction, ProofsProduction } from "../../agents/bench/proofsProduction.js";
import { dropPostgresSchema } from "../../agents/indexer/db/postgres.js";

// `proofsApi.production` of `npm run bench` at a tiny size, so the production-shape row cannot rot:
// real PostgreSQL, a real `indexer api` process, the load generator in its own process.
describe("npm run bench proofsApi.production", function () {
  this.timeout(180_000);
  const url = process.env.TEST_DATABASE_URL;

  it("serves anchored proofs from an indexer api process at an even rate and reports the row's shape", async function () {
    if (!url) this.skip();
    const row = await benchProofsProduction({ chain: await network.create(), databaseUrl: url!, reviews: 300, rate: 100, seconds: 1, apiProcesses: 1 });
    expect(ProofsProduction.parse(row)).to.deep.equal(row);
    expect(row).to.include({ targetRate: 100, reviewsStored: 300, apiProcesses: 1, readReplica: false, requests: 100, non2xx: 0, errors: 0 });
    expect(row.p50Ms).to.be.greaterThan(0);
    expect(row.p99Ms).to.be.at.least(row.p50Ms);
    expect(row.apiCpuMsPerRequest).to.be.greaterThan(0);
    expect(row.cpuMsPerRequestBy.apiProcesses).to.equal(row.apiCpuMsPerRequest);
    expect(row.cpuMsPerRequestBy.loadGenerator).to.be.greaterThan(0);
    expect(row.cpuMsPerRequestBy.postgresBackends).to.be.a("number");
    // The machine's own wake-up delay, probed every millisecond across warm-up (1 s) and measured run (1 s).
    const t = row.timerLatenessMs;
    expect(t.wakeUps).to.be.greaterThan(500);
    expect(t.maxMs).to.be.at.least(t.p99Ms);
    expect(t.p99Ms).to.be.at.least(t.p50Ms);
    // The floor: the same load against a fixed answer as long as a real proof response.
    expect(row.floor.errors).to.equal(0);
    expect(row.floor.bodyBytes).to.be.greaterThan(1_000);
    expect(row.floor.p50Ms).to.be.greaterThan(0);
    expect(row.floor.p99Ms).to.be.at.least(row.floor.p50Ms);
  });

  it("serves the same proofs from indexer api processes that read through a streaming read replica", async function () {
    const readUrl = process.env.TEST_DATABASE_READ_URL;
    if (!url || !readUrl) this.skip();
    const row = await benchProofsProduction({ chain: await network.create(), databaseUrl: url!, readUrl, reviews: 300, rate: 100, seconds: 1, apiProcesses: 1 });
    expect(row).to.include({ readReplica: true, reviewsStored: 300, requests: 100, non2xx: 0, errors: 0 });
  });

  it("keeps a named schema and serves its anchored epoch again without seeding or closing it", async function () {
    if (!url) this.skip();
    const keepSchema = `bench_proofs_keep_test_${process.pid}`;
    try {
      const run = async () => benchProofsProduction({ chain: await network.create(), databaseUrl: url!, reviews: 200, rate: 100, seconds: 1, apiProcesses: 1, keepSchema });
      const first = await run();
      expect(first.seedSeconds).to.be.a("number");
      const again = await run();
      expect(again).to.include({ seedSeconds: null, closeSeconds: null, reviewsStored: 200, requests: 100, non2xx: 0, errors: 0 });
      let refused: unknown;
      await benchProofsProduction({ chain: await network.create(), databaseUrl: url!, reviews: 200, rate: 100, seconds: 1, keepSchema: "public" }).catch((e: unknown) => (refused = e));
      expect(String(refused)).to.match(/kept schema public does not match/);
    } finally {
      await dropPostgresSchema(url!, keepSchema);
    }
  });
});
