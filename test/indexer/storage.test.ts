import { describe, it } from "mocha";
import { expect } from "chai";
import { migrate, TABLES } from "../../agents/indexer/db/schema.js";
import { backends, freshDb } from "./fixtures.js";

for (const backend of backends()) {
  describe(`indexer storage (${backend})`, () => {
    it("creates every table and migrates again without error", async () => {
      const db = await freshDb(backend);
      try {
        await migrate(db);
        for (const table of TABLES) {
          const rows = await db.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM ${table}`);
          expect(Number(rows[0]!.n)).to.equal(0);
        }
      } finally {
        await db.dispose();
      }
    });

    it("commits every statement of a transaction together", async () => {
      const db = await freshDb(backend);
      try {
        await db.transaction(async (tx) => {
          await tx.query("INSERT INTO ingest_cursor (chain_id, escrow, next_block) VALUES ($1, $2, $3)", [1, "0xa", 10n]);
          await tx.transaction((inner) => inner.query("INSERT INTO ingest_cursor (chain_id, escrow, next_block) VALUES ($1, $2, $3)", [1, "0xb", 20n]));
        });
        const rows = await db.query<{ next_block: string | number }>("SELECT next_block FROM ingest_cursor ORDER BY escrow");
        expect(rows.map((r) => Number(r.next_block))).to.deep.equal([10, 20]);
      } finally {
        await db.dispose();
      }
    });

    it("error: a throw inside a transaction leaves nothing written", async () => {
      const db = await freshDb(backend);
      try {
        let caught: unknown;
        try {
          await db.transaction(async (tx) => {
            await tx.query("INSERT INTO ingest_cursor (chain_id, escrow, next_block) VALUES ($1, $2, $3)", [1, "0xa", 10n]);
            throw new Error("crash");
          });
        } catch (err) {
          caught = err;
        }
        expect((caught as Error).message).to.equal("crash");
        expect(await db.query("SELECT * FROM ingest_cursor")).to.have.length(0);
      } finally {
        await db.dispose();
      }
    });

    it("round-trips 64-bit integers, text and bytes", async () => {
      const db = await freshDb(backend);
      try {
        await db.query(
          "INSERT INTO epochs (epoch, status, root, leaf_count, dataset_hash, dataset, tree, built_at) VALUES ($1, 'built', $2, 1, $3, $4, $5, $6)",
          [2n ** 40n, "0x01", "0x02", '{"a":1}', new Uint8Array([0, 1, 255]), 1_800_000_000],
        );
        const [row] = await db.query<{ epoch: string | number; tree: Uint8Array; dataset: string }>("SELECT epoch, tree, dataset FROM epochs");
        expect(BigInt(row!.epoch)).to.equal(2n ** 40n);
        expect([...new Uint8Array(row!.tree)]).to.deep.equal([0, 1, 255]);
        expect(row!.dataset).to.equal('{"a":1}');
      } finally {
        await db.dispose();
      }
    });
  });
}
