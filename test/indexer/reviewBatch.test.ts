import { describe, it } from "mocha";
import { expect } from "chai";
import type { WalletClient } from "viem";
import { ingestOnce } from "../../agents/indexer/ingest.js";
import { createReviewBatcher } from "../../agents/indexer/reviews.js";
import { ReviewRejectedError } from "../../agents/indexer/errors.js";
import type { Db } from "../../agents/indexer/db/Db.js";
import { backends, freshDb, indexerChain, signReview, taskIdOf } from "./fixtures.js";

const NOW = 1_800_000_100;

/** The database, counting the transactions opened on it (one per batch written). */
function counting(db: Db): { db: Db; transactions: () => number } {
  let n = 0;
  return {
    db: { ...db, transaction: (fn) => (n++, db.transaction(fn)) },
    transactions: () => n,
  };
}

async function setup(backend: Parameters<typeof freshDb>[0]) {
  const chain = await indexerChain();
  const db = await freshDb(backend);
  const tasks = [await chain.task("released"), await chain.task("released"), await chain.task("refunded")];
  const open = await chain.task("submitted");
  await ingestOnce({ db, publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.escrowAddr, confirmations: 0 });
  const sign = (signer: WalletClient, f: Parameters<typeof signReview>[3]) => signReview(signer, chain.chainId, chain.escrowAddr, f);
  const batcher = (on: Db) =>
    createReviewBatcher({ db: on, publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.escrowAddr, epochSeconds: 86_400, clock: () => NOW });
  return { chain, db, tasks, open, sign, batcher, c: chain.clientAddr, w: chain.workerAddr };
}

const codeOf = (r: PromiseSettledResult<unknown>) =>
  r.status === "fulfilled" ? "accepted" : r.reason instanceof ReviewRejectedError ? r.reason.code : String(r.reason);

for (const backend of backends()) {
  describe(`indexer batched review acceptance (${backend})`, () => {
    it("writes a burst in fewer transactions than reviews, each review with its own result, nothing lost", async () => {
      const s = await setup(backend);
      try {
        const { db, transactions } = counting(s.db);
        const intake = s.batcher(db);
        const honest = [];
        for (const taskId of s.tasks) {
          honest.push(await s.sign(s.chain.client, { taskId, subject: s.w, rating: 5 }));
          honest.push(await s.sign(s.chain.worker, { taskId, subject: s.c, rating: 4 }));
        }
        const bad = [
          await s.sign(s.chain.stranger, { taskId: s.tasks[0]!, reviewer: s.c, subject: s.w, rating: 1 }), // forged
          await s.sign(s.chain.client, { taskId: s.open, subject: s.w, rating: 1 }), // not settled
          await s.sign(s.chain.client, { taskId: taskIdOf("never funded"), subject: s.w, rating: 1 }),
          await s.sign(s.chain.client, { taskId: s.tasks[1]!, subject: s.w, rating: 2 }), // second review of a task
        ];
        const results = await Promise.allSettled([...bad.slice(0, 3), ...honest, bad[3]!].map((r) => intake.submit(r)));
        expect(results.map(codeOf)).to.deep.equal([
          "BAD_SIGNATURE", "TASK_NOT_SETTLED", "UNKNOWN_TASK",
          "accepted", "accepted", "accepted", "accepted", "accepted", "accepted",
          "DUPLICATE_REVIEW",
        ]);
        expect(transactions()).to.be.below(honest.length);
        const rows = await s.db.query<{ id: string; rating: number; epoch: string }>("SELECT id, rating, epoch FROM reviews ORDER BY id");
        const ids = results.filter((r) => r.status === "fulfilled").map((r) => r.value.id).sort();
        expect(rows.map((r) => r.id)).to.deep.equal(ids);
        expect(rows.every((r) => BigInt(r.epoch) === BigInt(NOW) / 86_400n)).to.equal(true);
        expect(intake.pending).to.equal(0);
      } finally {
        await s.db.dispose();
      }
    });

    it("a forged review ahead of the honest one in the same batch does not block it", async () => {
      const s = await setup(backend);
      try {
        const intake = s.batcher(s.db);
        const forged = await s.sign(s.chain.stranger, { taskId: s.tasks[0]!, reviewer: s.c, subject: s.w, rating: 1 });
        const honest = await s.sign(s.chain.client, { taskId: s.tasks[0]!, subject: s.w, rating: 5 });
        const twice = await s.sign(s.chain.worker, { taskId: s.tasks[0]!, subject: s.c, rating: 3 });
        const results = await Promise.allSettled([forged, honest, twice, twice].map((r) => intake.submit(r)));
        expect(results.map(codeOf)).to.deep.equal(["BAD_SIGNATURE", "accepted", "accepted", "DUPLICATE_REVIEW"]);
        expect(await s.db.query("SELECT rating FROM reviews ORDER BY rating")).to.deep.equal([{ rating: 3 }, { rating: 5 }]);
      } finally {
        await s.db.dispose();
      }
    });

    it("two API processes' batchers racing with the same reviews store each once; the loser gets DUPLICATE_REVIEW", async () => {
      const s = await setup(backend);
      try {
        const [a, b] = [s.batcher(s.db), s.batcher(s.db)];
        const reviews = await Promise.all(s.tasks.map((taskId) => s.sign(s.chain.client, { taskId, subject: s.w, rating: 5 })));
        const results = await Promise.allSettled(reviews.flatMap((r) => [a.submit(r), b.submit(r)]));
        const codes = results.map(codeOf);
        for (let i = 0; i < reviews.length; i++) expect([codes[2 * i], codes[2 * i + 1]].sort()).to.deep.equal(["DUPLICATE_REVIEW", "accepted"]);
        expect(await s.db.query("SELECT task_id FROM reviews")).to.have.length(reviews.length);
      } finally {
        await s.db.dispose();
      }
    });
  });
}
