import { describe, it } from "mocha";
import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDb } from "../../agents/indexer/db/openDb.js";

describe("indexer data folder", () => {
  it("creates a missing data folder with its parents on first use, and keeps data across restarts", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "fresh-checkout-"));
    const dataDir = path.join(root, "data", "indexer");
    try {
      const db = await openDb({ dataDir });
      await db.query("CREATE TABLE t (v int)");
      await db.query("INSERT INTO t VALUES (42)");
      await db.close();
      const again = await openDb({ dataDir });
      expect(await again.query<{ v: number }>("SELECT v FROM t")).to.deep.equal([{ v: 42 }]);
      await again.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
