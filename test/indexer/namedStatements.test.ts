import { describe, it } from "mocha";
import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { migrate } from "../../agents/indexer/db/schema.js";
import { dropPostgresSchema, openPostgres } from "../../agents/indexer/db/postgres.js";
import { isReviewProven } from "../../agents/protocol/reviewProof.js";
import { anchoredIndexer, EPOCH, T0 } from "./fixtures.js";

// GET /reviews/:id reads its reviews with a named statement (Db.query's `name`): PostgreSQL
// parses and plans it once per connection instead of once per read.
describe("named statements on PostgreSQL", function () {
  this.timeout(120_000);

  it("GET /reviews/:id prepares its read once on a connection and keeps answering with valid proofs", async function () {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) this.skip(); // a real PostgreSQL: CI sets TEST_DATABASE_URL
    const schema = `t_${randomBytes(6).toString("hex")}`;
    // One connection: every statement below runs on the session whose prepared statements are listed.
    const db = await openPostgres({ url: url!, schema, max: 1 });
    try {
      await migrate(db);
      const s = await anchoredIndexer(db);
      s.clock.set(T0 + EPOCH);
      await s.indexer.closeDueEpochs();
      const prepared = async () => (await db.query<{ name: string; statement: string }>("SELECT name, statement FROM pg_prepared_statements")).filter((p) => p.name === "reviews_by_id");

      for (const round of [1, 2]) {
        for (const id of s.ids) {
          const r = await s.indexer.getReview(id);
          expect(r.anchored && isReviewProven(r.root!, r.review, r.proof!), `round ${round}, ${id}`).to.equal(true);
        }
        const named = await prepared();
        expect(named, `prepared statements after round ${round}`).to.have.length(1);
        expect(named[0]!.statement).to.match(/FROM reviews WHERE id = ANY\(\$1::text\[\]\)/);
      }
      // A review that is not there is still a 404 through the same statement.
      await s.indexer.getReview(`0x${"ab".repeat(32)}`).then(
        () => expect.fail("an unknown id must not be found"),
        (err: { code?: string }) => expect(err.code).to.equal("NOT_FOUND"),
      );
    } finally {
      await db.close();
      await dropPostgresSchema(url!, schema);
    }
  });
});
