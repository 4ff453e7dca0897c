import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress } from "viem";
import { ingestOnce } from "../../agents/indexer/ingest.js";
import type { Db } from "../../agents/indexer/db/Db.js";
import { backends, crashOn, emitterChain, freshDb, taskIdOf } from "./fixtures.js";

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
    it("stores each escrow event exactly once, however often it runs", async () => {
      const chain = await emitterChain();
      const db = await freshDb(backend);
      try {
        const c = getAddress(chain.clientW.account.address);
        const w = getAddress(chain.workerW.account.address);
        const t = taskIdOf("once");
        await chain.emitter.write.funded([t, c, w, c, 100n]);
        await chain.emitter.write.submitted([t, c, w]);
        await chain.emitter.write.released([t, c, w]);
        const opts = { db, publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.emitter.address, confirmations: 0 };
        const first = await ingestOnce(opts);
        const second = await ingestOnce(opts);
        expect(first.events).to.equal(3);
        expect(second.events).to.equal(0);
        expect(await count(db, "escrow_events")).to.equal(3);
        expect(await task(db, t)).to.deep.include({ status: "released", outcome: "released", client: c, worker: w });
        expect(second.nextBlock).to.equal((await chain.publicClient.getBlockNumber()) + 1n);
      } finally {
        await db.dispose();
      }
    });

    it("waits for the configured confirmations before ingesting a log", async () => {
      const chain = await emitterChain();
      const db = await freshDb(backend);
      try {
        const c = getAddress(chain.clientW.account.address);
        const w = getAddress(chain.workerW.account.address);
        const t = taskIdOf("confirm");
        await chain.emitter.write.funded([t, c, w, c, 100n]);
        const opts = { db, publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.emitter.address, confirmations: 2 };
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
      const chain = await emitterChain();
      const db = await freshDb(backend);
      try {
        const c = getAddress(chain.clientW.account.address);
        const w = getAddress(chain.workerW.account.address);
        const [t1, t2] = [taskIdOf("b1"), taskIdOf("b2")];
        const start = await chain.publicClient.getBlockNumber();
        await chain.emitter.write.funded([t1, c, w, c, 1n]);
        await chain.emitter.write.funded([t2, c, w, c, 2n]);
        await chain.emitter.write.refunded([t2, c, w]);
        const base = {
          publicClient: chain.publicClient,
          chainId: chain.chainId,
          escrow: chain.emitter.address,
          confirmations: 0,
          startBlock: start + 1n,
          batchSize: 1n,
        };
        // One block per batch: the second batch's cursor update "crashes" after its event row was written.
        let caught: unknown;
        try {
          await ingestOnce({ ...base, db: crashOn(db, /INSERT INTO ingest_cursor/, 2) });
        } catch (err) {
          caught = err;
        }
        expect(String(caught)).to.match(/simulated crash/);
        const kept = await db.query<{ task_id: string }>("SELECT task_id FROM escrow_events");
        // Blocks up to the first funding are committed; the half-written batch is gone entirely.
        expect(kept.map((r) => r.task_id)).to.deep.equal([t1]);
        expect(await task(db, t2)).to.equal(undefined);

        const resumed = await ingestOnce({ ...base, db });
        expect(resumed.events).to.equal(2);
        expect(await count(db, "escrow_events")).to.equal(3);
        expect(await task(db, t2)).to.deep.include({ status: "refunded", outcome: "refunded" });
      } finally {
        await db.dispose();
      }
    });

    it("folds every settlement path into the task's outcome", async () => {
      const chain = await emitterChain();
      const db = await freshDb(backend);
      try {
        const c = getAddress(chain.clientW.account.address);
        const w = getAddress(chain.workerW.account.address);
        const ids = ["auto", "ruled", "fallback", "declined", "cancel"].map(taskIdOf) as [`0x${string}`, `0x${string}`, `0x${string}`, `0x${string}`, `0x${string}`];
        for (const t of ids) await chain.emitter.write.funded([t, c, w, c, 1n]);
        await chain.emitter.write.autoReleased([ids[0], c, w]);
        await chain.emitter.write.disputed([ids[1], c, w]);
        await chain.emitter.write.ruled([ids[1], c, w, 2500]);
        await chain.emitter.write.fallbackSettled([ids[2], c, w]);
        await chain.emitter.write.declined([ids[3], c, w]);
        await chain.emitter.write.cancelRequested([ids[4], c, w]);
        await ingestOnce({ db, publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.emitter.address, confirmations: 0 });
        expect(await task(db, ids[0])).to.deep.include({ status: "auto-released", outcome: "auto-released" });
        expect(await task(db, ids[1])).to.deep.include({ status: "ruled", outcome: "split", worker_bps: 2500 });
        expect(await task(db, ids[2])).to.deep.include({ status: "fallback-settled", outcome: "split", worker_bps: 5000 });
        expect(await task(db, ids[3])).to.deep.include({ status: "declined", outcome: null });
        expect(await task(db, ids[4])).to.deep.include({ status: "funded", outcome: null });
      } finally {
        await db.dispose();
      }
    });
  });
}
