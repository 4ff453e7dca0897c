import { describe, it } from "mocha";
import { SignedReview } from "../../agents/protocol/review.js";
import { expect } from "chai";
import { ingestOnce } from "../../agents/indexer/ingest.js";
import { createIndexer } from "../../agents/indexer/createIndexer.js";
import { DEADLINE_IN, RESULT } from "../escrow/fixture.js";
import type { Db } from "../../agents/indexer/db/Db.js";
import { backends, crashOn, freshDb, indexerChain, signReview } from "./fixtures.js";

const NOW = 1_800_000_100;

async function count(db: Db, table: string): Promise<number> {
  return Number((await db.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);
}

async function task(db: Db, id: string) {
  return (await db.query<{ status: string; outcome: string | null; worker_bps: number | null; client: string; worker: string }>(
    "SELECT status, outcome, worker_bps, client, worker FROM tasks WHERE task_id = $1",
    [id],
  ))[0];
}

for (const backend of backends()) {
  describe(`indexer ingest (${backend})`, () => {
    it("stores each TaskEscrow event exactly once, however often it runs", async () => {
      const chain = await indexerChain();
      const db = await freshDb(backend);
      try {
        const t = await chain.task("released"); // TaskFunded, TaskSubmitted, TaskReleased
        const opts = { db, publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.escrowAddr, confirmations: 0 };
        const first = await ingestOnce(opts);
        const second = await ingestOnce(opts);
        expect(first.events).to.equal(3);
        expect(second.events).to.equal(0);
        expect(await count(db, "escrow_events")).to.equal(3);
        expect(await task(db, t)).to.deep.include({ status: "released", outcome: "released", client: chain.clientAddr, worker: chain.workerAddr });
        expect(second.nextBlock).to.equal((await chain.publicClient.getBlockNumber()) + 1n);
      } finally {
        await db.dispose();
      }
    });

    it("waits for the configured confirmations before ingesting a log", async () => {
      const chain = await indexerChain();
      const db = await freshDb(backend);
      try {
        const t = await chain.task("funded");
        const opts = { db, publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.escrowAddr, confirmations: 2 };
        expect((await ingestOnce(opts)).events).to.equal(0);
        await chain.networkHelpers.mine(1);
        expect((await ingestOnce(opts)).events).to.equal(0);
        await chain.networkHelpers.mine(1);
        expect((await ingestOnce(opts)).events).to.equal(1);
        expect(await task(db, t)).to.deep.include({ status: "funded", outcome: null });
      } finally {
        await db.dispose();
      }
    });

    it("error: a crash inside a batch writes nothing of it, and the next run ingests it once", async () => {
      const chain = await indexerChain();
      const db = await freshDb(backend);
      try {
        const start = await chain.publicClient.getBlockNumber();
        const t1 = await chain.task("funded"); // block start+1
        const t2 = await chain.task("declined"); // blocks start+2 (funded), start+3 (declined)
        const base = { publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.escrowAddr, confirmations: 0, startBlock: start + 1n, batchSize: 1n };
        // One block per batch: the second batch "crashes" at its cursor update, after its event row was written.
        let caught: unknown;
        try {
          await ingestOnce({ ...base, db: crashOn(db, /INSERT INTO ingest_cursor/, 2) });
        } catch (err) {
          caught = err;
        }
        expect(String(caught)).to.match(/simulated crash/);
        const kept = await db.query<{ task_id: string }>("SELECT task_id FROM escrow_events");
        expect(kept.map((r) => r.task_id)).to.deep.equal([t1]);
        expect(await task(db, t2)).to.equal(undefined);

        const resumed = await ingestOnce({ ...base, db });
        expect(resumed.events).to.equal(2);
        expect(await count(db, "escrow_events")).to.equal(3);
        expect(await task(db, t2)).to.deep.include({ status: "declined", outcome: null });
      } finally {
        await db.dispose();
      }
    });

    it("undoes blocks a reorg orphaned, marks reviews of lost settlements, and restores them when the settlement returns", async () => {
      const chain = await indexerChain();
      const db = await freshDb(backend);
      try {
        const opts = { db, publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.escrowAddr, confirmations: 0 };
        const indexer = await createIndexer({ ...opts, clock: () => NOW });
        const snapshot = await chain.networkHelpers.takeSnapshot();
        const bid = await chain.makeBid();
        const sig = await chain.sign(bid);
        const settle = async () => {
          await chain.as(chain.client).fund({ bid: bid, signature: sig });
          await chain.as(chain.worker).submit({ ...bid, resultHash: RESULT });
          await chain.as(chain.client).release(bid);
        };
        await settle();
        expect((await ingestOnce(opts)).events).to.equal(3);
        const review = await signReview(chain.client, chain.chainId, chain.escrowAddr, { taskId: bid.taskId, subject: chain.workerAddr, rating: 5 });
        await indexer.submitReview(SignedReview.encode(review));

        await snapshot.restore(); // the three settled blocks leave the chain...
        await chain.networkHelpers.mine(5); // ...and a history without them takes their heights
        const undone = await ingestOnce(opts);
        expect(undone.reorg).to.deep.include({ eventsUndone: 3, reviewsOrphaned: 1 });
        expect(await count(db, "escrow_events")).to.equal(0);
        expect(await task(db, bid.taskId)).to.equal(undefined);
        expect((await db.query<{ orphaned: boolean }>("SELECT orphaned FROM reviews"))[0]!.orphaned).to.equal(true);
        expect((await indexer.reputation(chain.workerAddr)).count).to.equal(0);

        await settle(); // the same settlement is mined again in the new history
        const again = await ingestOnce(opts);
        expect(again.reorg).to.equal(undefined);
        expect(again.events).to.equal(3);
        expect((await task(db, bid.taskId))!.outcome).to.equal("released");
        expect((await db.query<{ orphaned: boolean }>("SELECT orphaned FROM reviews"))[0]!.orphaned).to.equal(false);
        expect((await indexer.reputation(chain.workerAddr)).count).to.equal(1);
      } finally {
        await db.dispose();
      }
    });

    it("error: a reorg that replaces a settlement with a refund keeps the review orphaned", async () => {
      const chain = await indexerChain();
      const db = await freshDb(backend);
      try {
        const opts = { db, publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.escrowAddr, confirmations: 0 };
        const indexer = await createIndexer({ ...opts, clock: () => NOW });
        const bid = await chain.makeBid();
        await chain.as(chain.client).fund({ bid: bid, signature: await chain.sign(bid) });
        await ingestOnce(opts);
        const snapshot = await chain.networkHelpers.takeSnapshot();
        await chain.as(chain.worker).submit({ ...bid, resultHash: RESULT });
        await chain.as(chain.client).release(bid);
        await ingestOnce(opts);
        await indexer.submitReview(SignedReview.encode(await signReview(chain.worker, chain.chainId, chain.escrowAddr, { taskId: bid.taskId, subject: chain.clientAddr, rating: 4 })));

        await snapshot.restore();
        await chain.networkHelpers.time.increase(DEADLINE_IN + 1);
        await chain.as(chain.client).refund(bid); // the new history refunds instead
        const r = await ingestOnce(opts);
        expect(r.reorg).to.deep.include({ eventsUndone: 2, reviewsOrphaned: 1 });
        expect(await task(db, bid.taskId)).to.deep.include({ status: "refunded", outcome: "refunded" });
        expect((await db.query<{ orphaned: boolean }>("SELECT orphaned FROM reviews"))[0]!.orphaned).to.equal(true);
      } finally {
        await db.dispose();
      }
    });

    it("folds every settlement path into the task's status and review outcome", async () => {
      const chain = await indexerChain();
      const db = await freshDb(backend);
      try {
        const paths = ["auto-released", "ruled", "fallback", "refunded", "declined", "cancel-requested"] as const;
        const ids: Record<string, string> = {};
        for (const p of paths) ids[p] = await chain.task(p);
        await ingestOnce({ db, publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.escrowAddr, confirmations: 0 });
        expect(await task(db, ids["auto-released"]!)).to.deep.include({ status: "auto-released", outcome: "auto-released" });
        expect(await task(db, ids.ruled!)).to.deep.include({ status: "ruled", outcome: "split", worker_bps: 2500 });
        expect(await task(db, ids.fallback!)).to.deep.include({ status: "fallback-settled", outcome: "split" });
        expect(await task(db, ids.refunded!)).to.deep.include({ status: "refunded", outcome: "refunded" });
        expect(await task(db, ids.declined!)).to.deep.include({ status: "declined", outcome: null });
        expect(await task(db, ids["cancel-requested"]!)).to.deep.include({ status: "funded", outcome: null });
      } finally {
        await db.dispose();
      }
    });
  });
}
