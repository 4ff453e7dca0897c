import type { Hex } from "viem";
import { SignedReview } from "../../../agents/protocol/review.js";
import { createIndexer } from "../../../agents/indexer/createIndexer.js";
import type { Db } from "../../../agents/indexer/db/Db.js";
import { ingestOnce } from "../../../agents/indexer/ingest.js";
import { openDb } from "../../../agents/indexer/db/openDb.js";
import { RESULT } from "../../escrow/fixture.js";
import { freshDb, indexerChain, signReview } from "../../indexer/fixtures.js";

export interface ReorgSummary {
  maxDepth: number;
  /** After every reorg the indexer's tasks equal a fresh ingest of the new chain, and exactly the reviews of lost settlements are orphaned. */
  consistent: boolean;
  perDepth: Record<string, { eventsUndone: number; reviewsOrphaned: number; tasksMatch: boolean; orphansMatch: boolean }>;
}

const NOW = 1_800_000_100;

async function taskRows(db: Db): Promise<string> {
  const rows = await db.query<{ task_id: string; status: string; outcome: string | null }>("SELECT task_id, status, outcome FROM tasks ORDER BY task_id");
  return JSON.stringify(rows.map((r) => [r.task_id, r.status, r.outcome]));
}

/**
 * For each depth 1..`maxDepth`: settles `depth` tasks in `depth` blocks, ingests them and accepts
 * their reviews, then `evm_revert`s those blocks away and mines a different, longer history in
 * which only some of the tasks are released. The indexer (confirmations 0) must end with the
 * tasks of a fresh ingest of the new chain, and with exactly the reviews of the settlements
 * that vanished marked orphaned.
 *
 * @example
 * const s = await runReorg({ maxDepth: 5 }); // s.consistent === true
 */
export async function runReorg(opts: { maxDepth: number }): Promise<ReorgSummary> {
  const chain = await indexerChain();
  const db = await freshDb("pglite");
  const rpc = (method: string, params: unknown[] = []) => chain.connection.provider.request({ method, params });
  const base = { db, publicClient: chain.publicClient, chainId: chain.chainId, escrow: chain.escrowAddr, confirmations: 0 };
  const indexer = await createIndexer({ ...base, clock: () => NOW });
  const fresh = await openDb(); // its own in-memory PGlite: the fixture's instance is shared by schema
  const summary: ReorgSummary = { maxDepth: 0, consistent: true, perDepth: {} };
  const client = chain.as(chain.client);
  const worker = chain.as(chain.worker);
  try {
    for (let depth = 1; depth <= opts.maxDepth; depth++) {
      const ids: Hex[] = [];
      for (let i = 0; i < depth; i++) {
        const bid = await chain.makeBid();
        await client.fund({ bid, signature: await chain.sign(bid) });
        await worker.submit({ ...bid, resultHash: RESULT });
        ids.push(bid.taskId);
      }
      await ingestOnce(base);
      const snapshot = (await rpc("evm_snapshot")) as string;
      for (const id of ids) await client.release({ client: chain.clientAddr, taskId: id }); // `depth` blocks, one settlement each
      await ingestOnce(base);
      for (const id of ids)
        await indexer.submitReview(SignedReview.encode(await signReview(chain.client, chain.chainId, chain.escrowAddr, { taskId: id, subject: chain.workerAddr, rating: 4 })));

      await rpc("evm_revert", [snapshot]);
      await rpc("hardhat_mine", ["0x1"]); // the new history differs from its first block on...
      const kept = ids.slice(0, Math.floor(depth / 2)); // ...and releases only these
      for (const id of kept) await client.release({ client: chain.clientAddr, taskId: id });
      await rpc("hardhat_mine", [`0x${(depth + 1).toString(16)}`]);
      const result = await ingestOnce(base);

      // A fresh ingest of the new chain from block 0 is what "matches the new chain" means.
      for (const table of ["tasks", "escrow_events", "ingest_cursor", "ingested_blocks"]) await fresh.query(`DELETE FROM ${table}`);
      {
        await ingestOnce({ ...base, db: fresh });
        const tasksMatch = (await taskRows(db)) === (await taskRows(fresh));
        const orphans = (await db.query<{ task_id: string }>("SELECT task_id FROM reviews WHERE orphaned ORDER BY task_id")).map((r) => r.task_id.toLowerCase());
        const lost = ids.filter((id) => !kept.includes(id)).map((id) => id.toLowerCase()).sort();
        const orphansMatch = JSON.stringify(orphans) === JSON.stringify(lost);
        summary.perDepth[depth] = { eventsUndone: result.reorg?.eventsUndone ?? 0, reviewsOrphaned: result.reorg?.reviewsOrphaned ?? 0, tasksMatch, orphansMatch };
        summary.consistent &&= tasksMatch && orphansMatch && result.reorg?.eventsUndone === depth;
        summary.maxDepth = depth;
      }
      // Settle what the new history left open, so the next depth starts from a clean slate.
      for (const id of ids.filter((x) => !kept.includes(x))) await client.release({ client: chain.clientAddr, taskId: id });
      await ingestOnce(base);
    }
    return summary;
  } finally {
    await db.dispose();
    await fresh.close();
  }
}
