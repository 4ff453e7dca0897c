import type { Hex } from "viem";
import { seededRandom } from "../../../agents/random.js";
import { canonicalOrder } from "../../../agents/indexer/dataset.js";
import { openDb } from "../../../agents/indexer/db/openDb.js";
import { buildReviewTree, reviewLeafHash } from "../../../agents/indexer/merkle/index.js";
import { SignedReview } from "../../../agents/protocol/review.js";
import type { IndexerProcess } from "./indexerProcess.js";
import { leaderShape } from "./leaderShape.js";
import { pool } from "./pool.js";
import { releasedLeaf, settledReviews } from "./settledTasks.js";

export interface LeaderKillIngestSummary {
  kills: number;
  reviews: number;
  /** Reviews sent that the database does not hold, and rows beyond one per (task, reviewer). */
  lost: number;
  duplicated: number;
  /** Escrow task events lost or stored twice by the workers. */
  eventsLost: number;
  eventsDuplicated: number;
  doubleAnchors: number;
  epochs: number;
  /** Every epoch holding reviews is anchored, with the root of exactly the reviews sent into it. */
  rootsMatch: boolean;
  /** Slowest takeover: SIGKILL of the leader to another worker saying it leads. */
  maxTakeoverSeconds: number;
  /** Reviews answered "task not ingested yet" and sent again (the chain's settlements arrive through the leader). */
  retries: number;
}

const LEADS = /indexer worker: leader/;

/**
 * `indexer api` and two `indexer worker` processes on PostgreSQL start on a chain where `reviews`/2
 * tasks were just settled; `reviews` signed reviews stream into the API while the workers ingest
 * those settlements and close 3-second epochs. The current leader is SIGKILLed `kills` times at
 * seeded points of the stream (after a new standby is started each time). A review whose task is
 * not ingested yet is sent again. Afterwards: each review stored once, each escrow event once,
 * each epoch anchored once with the root of the reviews sent into it.
 *
 * @example
 * const s = await runLeaderKillIngest({ databaseUrl, reviews: 10_000, kills: 5, seed: 3 }); // s.lost === 0
 */
export async function runLeaderKillIngest(o: { databaseUrl: string; reviews: number; kills: number; seed: number; concurrency?: number; log?: (line: string) => void }): Promise<LeaderKillIngestSummary> {
  const shape = await leaderShape(o.databaseUrl, 3);
  const { chain } = shape;
  const log = o.log ?? (() => {});
  try {
    log(`leaderKillIngest: settling ${Math.ceil(o.reviews / 2)} tasks`);
    const sent = (await settledReviews(chain, Math.ceil(o.reviews / 2))).reviews.slice(0, o.reviews);
    const workers: IndexerProcess[] = [await shape.start(["worker"], LEADS), await shape.start(["worker"], /indexer worker: standby/)];
    const api = await shape.start(["api"]);
    const random = seededRandom(o.seed);
    // One kill in each of `kills` equal stretches of the stream, at a seeded point.
    const killAt = Array.from({ length: o.kills }, (_, k) => Math.floor(((k + 0.1 + 0.8 * random()) * sent.length) / o.kills));
    const s = { kills: 0, retries: 0, maxTakeoverSeconds: 0 };
    const leader = () => workers.find((w) => LEADS.test(w.output()));
    let killing: Promise<void> | undefined;
    let killFailed: unknown;
    let answered = 0;
    const killLeader = async () => {
      workers.push(await shape.start(["worker"], /indexer worker: (standby|leader)/)); // one always waits
      const end = Date.now() + 30_000;
      while (!leader() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      const victim = leader();
      if (!victim) throw new Error("no worker leads");
      await victim.kill("SIGKILL");
      const killedAt = Date.now();
      workers.splice(workers.indexOf(victim), 1);
      while (!leader() && Date.now() < killedAt + 30_000) await new Promise((r) => setTimeout(r, 50));
      s.maxTakeoverSeconds = Math.max(s.maxTakeoverSeconds, leader() ? (Date.now() - killedAt) / 1000 : Infinity);
      s.kills++;
      log(`leaderKillIngest: kill ${s.kills} at review ${answered}`);
    };
    await pool(sent, o.concurrency ?? 32, async (review, i) => {
      const body = JSON.stringify(SignedReview.encode(review));
      for (;;) {
        const res = await fetch(`${api.url}/reviews`, { method: "POST", headers: { "content-type": "application/json" }, body });
        const text = await res.text();
        if (res.status === 201) break;
        if (!/UNKNOWN_TASK|TASK_NOT_SETTLED/.test(text)) throw new Error(`review ${i} refused: ${res.status} ${text}\n--- indexer api output:\n${api.output().slice(-4_000)}`);
        s.retries++;
        await new Promise((r) => setTimeout(r, 200));
      }
      answered++;
      // A kill point reached while the previous kill is still under way waits for it: every kill happens mid-stream.
      while (killAt.length > 0 && answered >= killAt[0]!) {
        if (killing) {
          await killing;
          continue;
        }
        killAt.shift();
        // A failed kill step fails the run (after the requests in flight), never as an unhandled rejection.
        killing = killLeader()
          .catch((err: unknown) => void (killFailed ??= err))
          .finally(() => (killing = undefined));
      }
      if (killFailed) throw killFailed;
    });
    while (killing) await killing;
    if (killFailed) throw killFailed;

    const db = await openDb({ databaseUrl: o.databaseUrl, schema: shape.schema });
    try {
      const rows = await db.query<{ id: Hex; task_id: Hex; reviewer: string; epoch: string | number }>("SELECT id, task_id, reviewer, epoch FROM reviews");
      const epochOf = new Map(rows.map((r) => [r.id.toLowerCase(), String(r.epoch)]));
      const epochs = [...new Set(rows.map((r) => String(r.epoch)))].sort();
      await shape.anchored(api.url, epochs, 120_000);
      await new Promise((r) => setTimeout(r, 1_000)); // room for a would-be second anchor
      const chainState = await shape.consistency();
      const leaves = sent.map((r) => releasedLeaf(chain, r)).map((f) => ({ ...f, id: reviewLeafHash(f).toLowerCase() as Hex }));
      let rootsMatch = epochs.length === chainState.anchoredEpochs;
      for (const e of epochs) {
        const tree = await buildReviewTree(canonicalOrder(leaves.filter((l) => epochOf.get(l.id) === e)));
        rootsMatch &&= chainState.roots.get(e)?.toLowerCase() === tree.root.toLowerCase();
      }
      return {
        kills: s.kills,
        reviews: sent.length,
        lost: leaves.filter((l) => !epochOf.has(l.id)).length,
        duplicated: rows.length - new Set(rows.map((r) => `${r.task_id.toLowerCase()}:${r.reviewer.toLowerCase()}`)).size,
        eventsLost: chainState.lost,
        eventsDuplicated: chainState.duplicated,
        doubleAnchors: chainState.doubleAnchors,
        epochs: epochs.length,
        rootsMatch,
        maxTakeoverSeconds: s.maxTakeoverSeconds,
        retries: s.retries,
      };
    } finally {
      await db.close();
    }
  } finally {
    await shape.close();
  }
}
