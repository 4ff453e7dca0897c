import { describe, it } from "mocha";
import { expect } from "chai";
import { createServer } from "node:net";
import { ReviewResponse } from "../../agents/indexer/api/schemas.js";
import { openPostgres } from "../../agents/indexer/db/postgres.js";
import { openReadReplica, ReadReplicaUnavailableError, replicaReads } from "../../agents/indexer/db/readReplica.js";
import { startIndexerServer } from "../../agents/indexer/server.js";
import { isReviewProven } from "../../agents/protocol/reviewProof.js";
import { anchoredIndexer, backends, EPOCH, freshDb, T0 } from "./fixtures.js";

/** A loopback port nobody listens on (bound, then released): connecting to it is refused. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe("indexer read replica that is down", function () {
  this.timeout(60_000);

  it("error: refused at start with a ReadReplicaUnavailableError naming the URL, password redacted", async () => {
    const port = await deadPort();
    const err = await openReadReplica({ url: `postgres://agentmarket:s3cret@127.0.0.1:${port}/agentmarket` }).then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(ReadReplicaUnavailableError);
    const e = err as ReadReplicaUnavailableError;
    expect(e.code).to.equal("READ_REPLICA_UNAVAILABLE");
    expect(e.message).to.include(`agentmarket:***@127.0.0.1:${port}`).and.not.include("s3cret");
  });

  it("error: refused at start when the replica has no indexer tables in the schema (not yet replayed, or another database)", async function () {
    if (!process.env.TEST_DATABASE_URL) this.skip();
    const err = await openReadReplica({ url: process.env.TEST_DATABASE_URL!, schema: "t_no_such_schema" }).then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(ReadReplicaUnavailableError);
    expect((err as Error).message).to.include("no indexer tables in schema t_no_such_schema");
  });

  for (const backend of backends()) {
    it(`a replica that goes down is bypassed: reads are answered by the primary, one warning per outage, and the replica is tried again after the cooldown (${backend})`, async () => {
      const db = await freshDb(backend);
      const dead = await openPostgres({ url: `postgres://agentmarket:agentmarket@127.0.0.1:${await deadPort()}/agentmarket`, createSchema: false, max: 1 });
      let now = 1_000;
      const warnings: unknown[] = [];
      let replicaTries = 0;
      const replica = { ...dead, query: <T>(sql: string, params?: readonly unknown[]) => (replicaTries++, dead.query<T>(sql, params)) };
      const reads = replicaReads({ replica, primary: db, cooldownMs: 5_000, now: () => now, onFallback: (e) => warnings.push(e) });
      const s = await anchoredIndexer(db);
      const server = await startIndexerServer(await s.make({ readDb: reads }), { port: 0 });
      try {
        s.clock.set(T0 + EPOCH);
        await s.indexer.closeDueEpochs();
        for (const id of s.ids) {
          const res = await fetch(`${server.url}/reviews/${id}`);
          expect(res.status).to.equal(200);
          const body = ReviewResponse.parse(await res.json());
          expect(body.anchored && isReviewProven(body.root!, body.review, body.proof!)).to.equal(true);
        }
        expect(replicaTries, "the replica is tried once, then left alone for the cooldown").to.equal(1);
        const health = (await (await fetch(`${server.url}/health`)).json()) as { readReplica?: unknown };
        expect(health.readReplica, "GET /health says the replica is not serving").to.deep.equal({ serving: false, behindBytes: null });
        expect(warnings).to.have.length(1);
        expect(String(warnings[0])).to.match(/ECONNREFUSED/);
        now += 5_000;
        expect((await fetch(`${server.url}/epochs/${s.epoch}`)).status).to.equal(200);
        expect(replicaTries, "tried again after the cooldown").to.equal(2);
        expect(warnings).to.have.length(2);
      } finally {
        await server.close();
        await reads.close();
        await db.dispose();
      }
    });
  }
});
