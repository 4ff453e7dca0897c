import { describe, it } from "mocha";
import { expect } from "chai";
import { keccak256, stringToHex, type Hex } from "viem";
import { ReviewResponse } from "../../agents/indexer/api/schemas.js";
import type { Db } from "../../agents/indexer/db/Db.js";
import { openPostgres } from "../../agents/indexer/db/postgres.js";
import { openReadReplica, replicaCaughtUp, replicaReads } from "../../agents/indexer/db/readReplica.js";
import { startIndexerServer } from "../../agents/indexer/server.js";
import { isReviewProven } from "../../agents/protocol/reviewProof.js";
import { SignedReview } from "../../agents/protocol/review.js";
import { anchoredIndexer, counted, EPOCH, freshDb, signReview, T0 } from "./fixtures.js";

/** The standby's WAL replay, through the functions .ci/postgres-replica.sh grants the test role. */
async function standby(url: string) {
  const db = await openPostgres({ url, createSchema: false, max: 1 });
  return {
    /** Waits until the standby has replayed everything the primary had written when called. */
    caughtUp: (primary: Db) => replicaCaughtUp(primary, db),
    async pause(): Promise<void> {
      await db.query("SELECT pg_wal_replay_pause()");
      while ((await db.query<{ s: string }>("SELECT pg_get_wal_replay_pause_state() AS s"))[0]!.s !== "paused") await new Promise((r) => setTimeout(r, 20));
    },
    resume: () => db.query("SELECT pg_wal_replay_resume()"),
    close: () => db.close(),
  };
}

async function get(url: string): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, text, body: res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
}

// A real streaming replica (bash .ci/postgres-replica.sh: Debian's PostgreSQL 15, a hot standby
// on port 5433 cloned from the primary with pg_basebackup -R), paused mid-test to stand for lag.
describe("indexer API on a PostgreSQL read replica (primary + hot standby)", function () {
  this.timeout(180_000);

  it("attack: with the replica's replay paused, a review just POSTed answers at once via the primary, then anchored with a valid proof and its epoch and dataset as the primary has them, while an anchored review is served from the replica alone", async function () {
    const readUrl = process.env.TEST_DATABASE_READ_URL;
    if (!process.env.TEST_DATABASE_URL || !readUrl) this.skip(); // a real replica: CI starts one
    const db = await freshDb("postgres");
    const schema = (await db.query<{ s: string }>("SELECT current_schema() AS s"))[0]!.s;
    const replay = await standby(readUrl!);
    let replica: Db | undefined;
    let server: Awaited<ReturnType<typeof startIndexerServer>> | undefined;
    try {
      const s = await anchoredIndexer(db);
      s.clock.set(T0 + EPOCH);
      await s.indexer.closeDueEpochs(); // the first epoch, with s.ids, is anchored
      await replay.caughtUp(db);
      replica = await openReadReplica({ url: readUrl!, schema, max: 3 });
      const onReplica = counted(replica);
      const onPrimary = counted(db);
      const api = await s.make({ db: onPrimary.db, readDb: replicaReads({ replica: onReplica.db, primary: onPrimary.db }) });
      server = await startIndexerServer(api, { port: 0 });
      const review = async (id: Hex) => {
        const r = await get(`${server!.url}/reviews/${id}`);
        expect(r.status, r.text).to.equal(200);
        return ReviewResponse.parse(r.body);
      };
      const proven = (r: ReviewResponse) => r.anchored && isReviewProven(r.root!, r.review, r.proof!);
      const replicaHealth = async () => ((await get(`${server!.url}/health`)).body as { readReplica: { serving: boolean; behindBytes: number | null } }).readReplica;
      expect((await replicaHealth()).serving, "GET /health: the standby serves").to.equal(true);

      // Reads go to the replica: an anchored review and its proof come from it alone.
      onPrimary.reset();
      expect(proven(await review(s.ids[0]!))).to.equal(true);
      expect(onReplica.n(), "statements on the replica").to.be.greaterThan(0);
      expect(onPrimary.n(), "statements on the primary").to.equal(0);

      await replay.pause();
      // A review accepted now is on the primary only; GET answers it at once all the same.
      const task = await s.chain.task("released");
      await s.indexer.ingestOnce();
      s.clock.set(T0 + EPOCH + 5);
      const signed = await signReview(s.chain.client, s.chain.chainId, s.chain.escrowAddr, { taskId: task, subject: s.chain.workerAddr, rating: 3 });
      const posted = await fetch(`${server.url}/reviews`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(SignedReview.encode(signed)) });
      expect(posted.status).to.equal(201);
      const { id, epoch } = (await posted.json()) as { id: Hex; epoch: string };
      expect(await replica.query("SELECT 1 FROM reviews WHERE id = $1", [id]), "the paused replica has the new review").to.deep.equal([]);
      const paused = await replicaHealth();
      expect(paused.serving).to.equal(true);
      expect(paused.behindBytes, "GET /health: the paused standby is behind").to.be.greaterThan(0);
      onPrimary.reset();
      const fresh = await review(id);
      expect(fresh).to.deep.include({ id, anchored: false, epoch });
      expect(onPrimary.n(), "the miss fell back to the primary").to.be.greaterThan(0);

      // The anchored review is still answered by the paused replica, never the primary.
      onPrimary.reset();
      expect(proven(await review(s.ids[1]!))).to.equal(true);
      expect(onPrimary.n()).to.equal(0);

      // Its epoch is anchored on the primary; the paused replica has not even seen it built.
      const time = s.chain.connection.networkHelpers.time;
      if ((await time.latest()) < T0 + EPOCH) await time.increaseTo(T0 + EPOCH);
      s.clock.set(T0 + 2 * EPOCH);
      const [closed] = await s.indexer.closeDueEpochs();
      expect(closed).to.deep.include({ epoch: BigInt(epoch), status: "anchored" });
      expect(await replica.query("SELECT 1 FROM epochs WHERE epoch = $1", [epoch]), "the paused replica has the new epoch").to.deep.equal([]);
      const anchored = await review(id);
      expect(anchored.anchored, "answered as the primary has it").to.equal(true);
      expect(anchored.root).to.equal(await s.anchor.read.rootOf([BigInt(epoch)]));
      expect(isReviewProven(anchored.root!, anchored.review, anchored.proof!), "a valid proof").to.equal(true);
      const record = await get(`${server.url}/epochs/${epoch}`);
      expect(record.body).to.deep.include({ status: "anchored", root: anchored.root });
      const dataset = await get(`${server.url}/epochs/${epoch}/dataset`);
      expect(dataset.status).to.equal(200);
      expect(keccak256(stringToHex(dataset.text))).to.equal(closed!.datasetHash);

      // Once the replica catches up, the same reads leave the primary alone again.
      await replay.resume();
      await replay.caughtUp(db);
      // Other sessions may write WAL meanwhile (autovacuum): the standby is caught up once it reads 0.
      for (let tries = 0; (await replicaHealth()).behindBytes !== 0; tries++) {
        expect(tries, "GET /health: behindBytes back to 0 within 10 s").to.be.below(100);
        await new Promise((r) => setTimeout(r, 100));
      }
      onPrimary.reset();
      expect(proven(await review(id))).to.equal(true);
      expect((await get(`${server.url}/epochs/${epoch}`)).body).to.deep.include({ status: "anchored", root: anchored.root });
      expect(onPrimary.n(), "statements on the primary after catching up").to.equal(0);
    } finally {
      await replay.resume().catch(() => {});
      await replay.close();
      await server?.close();
      await replica?.close();
      await db.dispose();
    }
  });
});
