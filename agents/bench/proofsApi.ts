import autocannon, { type AutocannonResult } from "autocannon";
import { seedReviews } from "./seedReviews.js";
import { reviewsOfEpoch } from "../indexer/store.js";
import type { Indexer } from "../indexer/createIndexer.js";
import type { Db } from "../indexer/db/Db.js";
import { syntheticReviews } from "./syntheticReviews.js";
import { startIndexerServer } from "../indexer/server.js";
import { seededRandom } from "../random.js";
import { pacedLoad, type LoadFigures, type PacedFigures } from "./pacedLoad.js";


export interface ProofsApiSection {
  reviewsStored: number;
  closeSeconds: number;
  /** autocannon with `overallRate` (bursts each second's quota; see pacedLoad.ts). */
  fixedRate: LoadFigures;
  /** The same rate sent evenly, latency from each request's due time. */
  pacedRate: PacedFigures;
  maxRate: LoadFigures;
}

/**
 * The proofsApi section: fills one epoch with `reviews` rows through the indexer's review
 * write (seedReviews: no signature or settled-task check: seeding only), closes it with the real closing
 * code (canonical order, tree, dataset, anchoring transaction), serves the real HTTP app on
 * loopback and loads `GET /reviews/:id` (review + Merkle proof) over random anchored ids with
 * autocannon, first at a fixed `rate`, then unthrottled; and at the same rate evenly paced
 * (pacedLoad.ts), because autocannon's rate limit sends bursts.
 *
 * @example
 * const figures = await benchProofsApi({ indexer, db, now, setNow, reviews: 100_000, rate: 1_000, seconds: 10 });
 */
export async function benchProofsApi(opts: {
  indexer: Indexer;
  db: Db;
  now: number;
  setNow(t: number): void;
  reviews: number;
  rate: number;
  seconds: number;
  connections?: number;
  log?: (line: string) => void;
}): Promise<ProofsApiSection> {
  const { indexer, db } = opts;
  const log = opts.log ?? (() => {});
  const epoch = BigInt(opts.now) / BigInt(indexer.epochSeconds);
  log(`proofsApi: storing ${opts.reviews} reviews in epoch ${epoch}`);
  const reviews = syntheticReviews(opts.reviews, 11);
  await seedReviews(db, reviews, opts.now, indexer.epochSeconds);
  opts.setNow(Number((epoch + 1n) * BigInt(indexer.epochSeconds)));
  const t0 = performance.now();
  const [closed] = await indexer.closeDueEpochs();
  const closeSeconds = (performance.now() - t0) / 1000;
  if (!closed || closed.status !== "anchored" || closed.leafCount !== opts.reviews) throw new Error(`proofsApi: epoch ${epoch} was not anchored with ${opts.reviews} leaves`);

  const ids = (await reviewsOfEpoch(db, epoch)).map((r) => r.id);
  const rand = seededRandom("proofsApi");
  // autocannon cycles through this list of 10,000 ids drawn at random from the whole epoch (the
  // server caches no responses; a much longer list slows autocannon itself down, measured).
  const requests = Array.from({ length: 10_000 }, () => ({ method: "GET", path: `/reviews/${ids[Math.floor(rand() * ids.length)]}` }));
  const server = await startIndexerServer(indexer, { port: 0 });
  try {
    const run = async (targetRate: number | null, seconds = opts.seconds): Promise<LoadFigures> => {
      log(`proofsApi: autocannon ${seconds}s at ${targetRate ?? "max"} req/s`);
      const r: AutocannonResult = await autocannon({
        url: server.url,
        connections: opts.connections ?? 10,
        duration: seconds,
        workers: 1,
        requests,
        ...(targetRate === null ? {} : { overallRate: targetRate }),
      });
      return {
        targetRate,
        requestsPerSecond: Math.round(r.requests.total / r.duration),
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
      };
    };
    await run(null, Math.min(2, opts.seconds)); // warm-up (JIT, tree cache): not reported
    const fixedRate = await run(opts.rate);
    log(`proofsApi: paced ${opts.seconds}s at ${opts.rate} req/s`);
    const pacedRate = await pacedLoad({ url: server.url, paths: requests.map((r) => r.path), rate: opts.rate, seconds: opts.seconds });
    const maxRate = await run(null);
    return { reviewsStored: opts.reviews, closeSeconds: Number(closeSeconds.toFixed(2)), fixedRate, pacedRate, maxRate };
  } finally {
    await server.close();
  }
}
