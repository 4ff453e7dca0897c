import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hex } from "viem";
import { seededRandom } from "../../../agents/random.js";
import { canonicalOrder } from "../../../agents/indexer/dataset.js";
import { openDb } from "../../../agents/indexer/db/openDb.js";
import { buildReviewTree, reviewLeafHash } from "../../../agents/indexer/merkle/index.js";
import { reviewsOfEpoch } from "../../../agents/indexer/store.js";
import { SignedReview } from "../../../agents/protocol/review.js";
import { indexerChain } from "../../indexer/fixtures.js";
import { freePort, startIndexerProcess, type IndexerProcess } from "./indexerProcess.js";
import { pool } from "./pool.js";
import { serveRpc } from "./serveRpc.js";
import { releasedLeaf, settledReviews } from "./settledTasks.js";

export interface IndexerKillSummary {
  kills: number;
  reviews: number;
  /** Reviews the indexer acknowledged (201, or 409 for one it had already stored) but does not hold. */
  lost: number;
  duplicated: number;
  rootMatches: boolean;
  /** Submissions retried because the indexer was down or the answer never came. */
  retries: number;
}

/** One epoch holds every review: the root over the whole run is comparable with a run without crashes. */
const ONE_EPOCH = "1000000000";

/**
 * Ingests `reviews` signed reviews of real settled tasks through POST /reviews of an indexer
 * running as a child process (`scripts/indexer.ts`, PGlite on disk), SIGKILLs it `kills` times at
 * seeded random points of the ingest and restarts it on the same data directory. The client
 * retries every submission whose outcome it did not see; a 409 DUPLICATE_REVIEW means the
 * earlier attempt was stored. Afterwards the database must hold each review exactly once, and
 * its epoch root must equal the root of the reviews sent (what a run without crashes stores).
 *
 * @example
 * const s = await runIndexerKill({ reviews: 300, kills: 3, seed: 1 }); // s.lost === 0
 */
export async function runIndexerKill(opts: { reviews: number; kills: number; seed: number; concurrency?: number }): Promise<IndexerKillSummary> {
  const chain = await indexerChain();
  const { reviews } = await settledReviews(chain, Math.ceil(opts.reviews / 2));
  const sent = reviews.slice(0, opts.reviews);
  const rpc = await serveRpc(chain.connection.provider);
  const dataDir = await mkdtemp(join(tmpdir(), "indexer-kill-"));
  const env = {
    RPC_URL: rpc.url,
    ESCROW_ADDRESS: chain.escrowAddr,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    EPOCH_SECONDS: ONE_EPOCH,
    CONFIRMATIONS: "0",
    POLL_MS: "200",
    RATE_LIMIT_PER_SECOND: "0",
  };
  const random = seededRandom(opts.seed);
  const killAt = Array.from({ length: opts.kills }, () => Math.floor(random() * sent.length * 0.9)).sort((a, b) => a - b);
  const summary: IndexerKillSummary = { kills: 0, reviews: sent.length, lost: 0, duplicated: 0, rootMatches: false, retries: 0 };
  let proc: IndexerProcess | undefined;
  try {
    proc = await startIndexerProcess(env);
    await waitIngested(proc.url, await chain.publicClient.getBlockNumber());
    let acked = 0;
    let restarting: Promise<void> | undefined;
    const acknowledged = new Set<number>();
    const submit = async (review: SignedReview, i: number) => {
      const body = JSON.stringify(SignedReview.encode(review));
      for (;;) {
        if (restarting) await restarting;
        const res = await fetch(`${proc!.url}/reviews`, { method: "POST", headers: { "content-type": "application/json" }, body }).catch(() => undefined);
        if (res && (res.status === 201 || res.status === 409)) {
          await res.body?.cancel();
          acknowledged.add(i);
          acked += 1;
          break;
        }
        if (res && res.status < 500) throw new Error(`review ${i} rejected: ${res.status} ${await res.text()}`);
        summary.retries += 1;
        await new Promise((r) => setTimeout(r, 50));
      }
      // Kill at the chosen points while other submissions are in flight.
      if (!restarting && killAt.length > 0 && acked >= killAt[0]!) {
        killAt.shift();
        restarting = (async () => {
          await proc!.kill("SIGKILL");
          summary.kills += 1;
          proc = await startIndexerProcess(env);
          restarting = undefined;
        })();
      }
    };
    await pool(sent, opts.concurrency ?? 16, submit);
    if (restarting) await restarting;
    await proc.kill("SIGTERM");
    proc = undefined;

    const db = await openDb({ dataDir });
    try {
      const rows = await db.query<{ id: Hex; task_id: Hex; reviewer: string }>("SELECT id, task_id, reviewer FROM reviews");
      const stored = new Set(rows.map((r) => r.id.toLowerCase()));
      summary.duplicated = rows.length - new Set(rows.map((r) => `${r.task_id.toLowerCase()}:${r.reviewer.toLowerCase()}`)).size;
      const ids = sent.map((r) => reviewLeafHash(releasedLeaf(chain, r)).toLowerCase());
      summary.lost = ids.filter((id, i) => !acknowledged.has(i) || !stored.has(id)).length;
      const epochs = await db.query<{ epoch: string | number }>("SELECT DISTINCT epoch FROM reviews");
      if (epochs.length === 1) {
        const storedTree = await buildReviewTree(canonicalOrder(await reviewsOfEpoch(db, BigInt(epochs[0]!.epoch))));
        const reference = await buildReviewTree(canonicalOrder(sent.map((r) => releasedLeaf(chain, r)).map((f) => ({ ...f, id: reviewLeafHash(f) }))));
        summary.rootMatches = storedTree.root === reference.root && rows.length === sent.length;
      }
    } finally {
      await db.close();
    }
    return summary;
  } finally {
    await proc?.kill("SIGKILL");
    await rpc.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Waits until the indexer's ingest cursor has passed `block`. */
export async function waitIngested(url: string, block: bigint, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const h = (await fetch(`${url}/health`).then((r) => r.json(), () => ({}))) as { nextBlock?: string | null };
    if (h.nextBlock != null && BigInt(h.nextBlock) > block) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`indexer did not ingest block ${block} in time`);
}
