import { describe, it } from "mocha";
import { expect } from "chai";
import { migrate } from "../../agents/indexer/db/schema.js";
import { openPostgres } from "../../agents/indexer/db/postgres.js";
import { freshDb } from "./fixtures.js";

// A standby or a second `indexer api` runs migrate on start while the leader is busy on the same
// tables. DDL takes each table's exclusive lock in turn, so it would queue every review insert
// behind it and can deadlock with a leader transaction that reads those tables in another order.
describe("indexer migrate beside a running leader (postgres)", function () {
  this.timeout(60_000);

  it("on a schema already current, runs no DDL: it completes while another transaction holds every table's writer lock", async function () {
    if (!process.env.TEST_DATABASE_URL) this.skip(); // real PostgreSQL (CI sets TEST_DATABASE_URL)
    const db = await freshDb("postgres");
    const schema = (await db.query<{ s: string }>("SELECT current_schema() AS s"))[0]!.s;
    const other = await openPostgres({ url: process.env.TEST_DATABASE_URL!, schema, max: 2 });
    let release: (() => void) | undefined;
    try {
      let locked!: () => void;
      const busy = db.transaction(async (tx) => {
        // What a leader's ingest and an API's review insert hold until they commit.
        await tx.query("LOCK TABLE reviews, tasks, escrow_events, epochs, ingest_cursor IN ROW EXCLUSIVE MODE");
        locked();
        await new Promise<void>((r) => (release = r));
      });
      await new Promise<void>((r) => (locked = r));
      // Any ALTER TABLE (even a no-op one) would wait for `busy` to commit.
      const migrating = migrate(other);
      const report = await Promise.race([migrating, new Promise((r) => setTimeout(() => r("still waiting after 5 s"), 5_000))]);
      release!();
      await busy;
      await migrating;
      expect(report).to.deep.equal({ tasks: 0, reviews: 0, keptInBuiltEpochs: 0 });
    } finally {
      release?.();
      await other.close();
      await db.dispose();
    }
  });

  it("a migrate that must run its DDL and is aborted by a deadlock with a leader's transaction retries and completes; the leader's work is untouched", async function () {
    if (!process.env.TEST_DATABASE_URL) this.skip();
    const db = await freshDb("postgres");
    const schema = (await db.query<{ s: string }>("SELECT current_schema() AS s"))[0]!.s;
    const other = await openPostgres({ url: process.env.TEST_DATABASE_URL!, schema, max: 2 });
    try {
      await db.query("DELETE FROM schema_version"); // as if a newer version starts on this schema: its DDL runs
      let leaderDeadlocked = false;
      let started!: () => void;
      const leader = db.transaction(async (tx) => {
        await tx.query("SELECT count(*) FROM reviews"); // holds reviews (ACCESS SHARE) until commit
        started(); // now a migrate starts: it locks the earlier tables, then waits on reviews
        await new Promise((r) => setTimeout(r, 300));
        try {
          await tx.query("SELECT count(*) FROM tasks"); // waits on migrate's lock on tasks: a cycle
        } catch {
          leaderDeadlocked = true;
        }
      });
      await new Promise<void>((r) => (started = r));
      const migrating = migrate(other);
      await leader.catch(() => {});
      await migrating; // before the retry: rejected with PostgreSQL's "deadlock detected" (40P01)
      expect(leaderDeadlocked, "PostgreSQL picked migrate as the deadlock's victim (the first waiter checks first)").to.equal(false);
      expect((await db.query<{ n: string }>("SELECT count(*) AS n FROM reviews"))[0]!.n).to.equal("0");
      expect((await db.query<{ n: string }>("SELECT count(*) AS n FROM schema_version"))[0]!.n, "recorded once done").to.equal("1");
    } finally {
      await other.close();
      await db.dispose();
    }
  });
});
