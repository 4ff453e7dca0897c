import { describe, it } from "mocha";
import { expect } from "chai";
import type { Address } from "viem";
import { syntheticReviews } from "../../agents/bench/syntheticReviews.js";
import { seedReviews } from "../../agents/bench/seedReviews.js";
import { buildEpoch } from "../../agents/indexer/closeEpoch.js";
import { canonicalOrder } from "../../agents/indexer/dataset.js";
import { openPostgres } from "../../agents/indexer/db/postgres.js";
import { epochOf } from "../../agents/indexer/epochs.js";
import { buildReviewTree } from "../../agents/indexer/merkle/index.js";
import { reviewsOfEpoch } from "../../agents/indexer/store.js";
import { freshDb } from "./fixtures.js";

const ESCROW = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const NOW = 1_800_000_030;
const SECONDS = 60;
const EPOCH = epochOf(NOW, SECONDS);

// Building a 10M-review epoch takes minutes; reviews that arrive meanwhile must not wait for it.
describe("indexer epoch closing beside review intake (postgres)", function () {
  this.timeout(60_000);

  it("a review accepted while an epoch is being built is stored at once, in the next epoch, even with a clock still inside the closing epoch; the built root is of the epoch's reviews alone", async function () {
    if (!process.env.TEST_DATABASE_URL) this.skip(); // two connections at once: real PostgreSQL
    const db = await freshDb("postgres");
    const schema = (await db.query<{ s: string }>("SELECT current_schema() AS s"))[0]!.s;
    const other = await openPostgres({ url: process.env.TEST_DATABASE_URL!, schema, max: 1 });
    let release: (() => void) | undefined;
    try {
      await seedReviews(db, syntheticReviews(257, 11), NOW, SECONDS);
      const expected = await buildReviewTree(canonicalOrder(await reviewsOfEpoch(db, EPOCH)));
      // Stands for a build that takes minutes: another transaction's uncommitted row for this epoch
      // makes the build's final INSERT wait, after it read every review, until that one rolls back.
      let held!: (pid: number) => void;
      const slowBuild = other
        .transaction(async (tx) => {
          await tx.query("INSERT INTO epochs (epoch, status, leaf_count, built_at) VALUES ($1, 'built', 0, 0)", [EPOCH]);
          held((await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid"))[0]!.pid);
          await new Promise<void>((r) => (release = r));
          throw new Error("roll back");
        })
        .catch(() => {});
      const blocker = await new Promise<number>((r) => (held = r));
      const building = buildEpoch({ db, chainId: 31_337, escrow: ESCROW, epochSeconds: SECONDS }, EPOCH);
      const waiting = () => db.query("SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", [blocker]);
      while ((await waiting()).length === 0) await new Promise((r) => setTimeout(r, 20));

      // An API process whose clock still reads a time inside the epoch being closed.
      const late = syntheticReviews(1, 99);
      const accepting = seedReviews(db, late, NOW, SECONDS);
      const answer = await Promise.race([accepting.then(() => "stored"), new Promise((r) => setTimeout(() => r("still waiting after 5 s"), 5_000))]);
      expect(answer, "the review waited for the build").to.equal("stored");
      const [row] = await db.query<{ epoch: string }>("SELECT epoch FROM reviews WHERE reviewer = $1 AND task_id = $2", [late[0]!.reviewer, late[0]!.taskId]);
      expect(row?.epoch, "joined the next epoch").to.equal(String(EPOCH + 1n));

      release!();
      await slowBuild;
      const built = await building;
      expect(built).to.deep.include({ status: "built", root: expected.root, leafCount: 257 });
    } finally {
      release?.();
      await other.close();
      await db.dispose();
    }
  });
});
