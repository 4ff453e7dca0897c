import { applyEvent } from "../indexer/applyEvent.js";
import { performance } from "node:perf_hooks";
import { getAddress, keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { reviewTypedData } from "../protocol/eip712.js";
import { SignedReview } from "../protocol/review.js";
import type { Db } from "../indexer/db/Db.js";
import type { Indexer } from "../indexer/createIndexer.js";
import { reviewsOfEpoch } from "../indexer/store.js";
import { seedReviews } from "./seedReviews.js";
import { syntheticReviews } from "./syntheticReviews.js";

export interface IndexerBenchResult {
  intake: { reviews: number; perSecond: number; p50Ms: number; p99Ms: number };
  close: { reviews: number; seconds: number };
  proofs: { requests: number; perSecond: number; p50Ms: number; p99Ms: number; proofLength: number };
}

function pct(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));
}

/**
 * Measures the indexer's three hot paths on an injected indexer (clock at `now`):
 * 1. intake — POST /reviews of `intake` EOA-signed reviews (zod, rules, viem signature check, insert);
 * 2. close — one epoch holding those plus `bulk` synthetic reviews: canonical order, tree,
 *    dataset, anchoring transaction and receipt;
 * 3. proofs — GET /reviews/:id of `proofs` random anchored reviews (tree load, leaf index, proof).
 * Synthetic tasks and reviews are stored through the indexer's writes (applyEvent, insertReviews); signing is not timed.
 *
 * @example
 * const result = await benchIndexer({ indexer, db, setNow, now, sizes: { intake: 500, bulk: 100_000, proofs: 2_000 } });
 */
export async function benchIndexer(opts: {
  indexer: Indexer;
  db: Db;
  now: number;
  setNow(t: number): void;
  sizes: { intake: number; bulk: number; proofs: number };
  log?: (line: string) => void;
}): Promise<IndexerBenchResult> {
  const { indexer, db, sizes } = opts;
  const log = opts.log ?? (() => {});
  const epoch = BigInt(opts.now) / BigInt(indexer.epochSeconds);
  const client = privateKeyToAccount(keccak256(toHex("bench client")));
  const worker = getAddress(privateKeyToAccount(keccak256(toHex("bench worker"))).address);

  // 1. Intake.
  const signed = [];
  for (let i = 0; i < sizes.intake; i++) {
    const taskId = keccak256(toHex(`bench task ${i}`));
    // A settled task to review, folded in as ingest would fold its two events.
    const args = { taskId, client: client.address, worker, token: client.address, amount: 1n };
    await applyEvent(db, "TaskFunded", args, 0n);
    await applyEvent(db, "TaskReleased", args, 0n);
    const fields = { taskId, reviewer: client.address, subject: worker, rating: 1 + (i % 5), commentHash: keccak256(toHex(i)), timestamp: BigInt(opts.now - 60) };
    const signature = await client.signTypedData(reviewTypedData(indexer.chainId, indexer.escrow, fields));
    signed.push(JSON.stringify(SignedReview.encode({ ...fields, signature })));
  }
  log(`intake: posting ${sizes.intake} signed reviews`);
  const intakeMs: number[] = [];
  const intakeStart = performance.now();
  for (const body of signed) {
    const t = performance.now();
    const res = await indexer.app.request("/reviews", { method: "POST", headers: { "content-type": "application/json" }, body });
    if (res.status !== 201) throw new Error(`intake: POST /reviews answered ${res.status}: ${await res.text()}`);
    intakeMs.push(performance.now() - t);
  }
  const intakeSeconds = (performance.now() - intakeStart) / 1000;

  // 2. Close one big epoch.
  log(`close: adding ${sizes.bulk} synthetic reviews to epoch ${epoch}`);
  await seedReviews(db, syntheticReviews(sizes.bulk, 7), opts.now, indexer.epochSeconds);
  opts.setNow(Number((epoch + 1n) * BigInt(indexer.epochSeconds)));
  const closeStart = performance.now();
  const [closed] = await indexer.closeDueEpochs();
  const closeSeconds = (performance.now() - closeStart) / 1000;
  if (!closed || closed.status !== "anchored") throw new Error("close: the epoch was not anchored");
  log(`close: ${closed.leafCount} reviews anchored in ${closeSeconds.toFixed(2)} s`);

  // 3. Proofs.
  const ids = (await reviewsOfEpoch(db, epoch)).map((r) => r.id);
  const proofMs: number[] = [];
  let proofLength = 0;
  const proofStart = performance.now();
  for (let i = 0; i < sizes.proofs; i++) {
    const id = ids[(i * 7919) % ids.length]!;
    const t = performance.now();
    const res = await indexer.app.request(`/reviews/${id}`);
    const body = (await res.json()) as { proof?: Hex[] };
    if (res.status !== 200 || !body.proof) throw new Error(`proofs: GET /reviews/${id} answered ${res.status}`);
    proofMs.push(performance.now() - t);
    proofLength = body.proof.length;
  }
  const proofSeconds = (performance.now() - proofStart) / 1000;

  intakeMs.sort((a, b) => a - b);
  proofMs.sort((a, b) => a - b);
  return {
    intake: { reviews: sizes.intake, perSecond: Math.round(sizes.intake / intakeSeconds), p50Ms: pct(intakeMs, 50), p99Ms: pct(intakeMs, 99) },
    close: { reviews: closed.leafCount, seconds: Number(closeSeconds.toFixed(3)) },
    proofs: { requests: sizes.proofs, perSecond: Math.round(sizes.proofs / proofSeconds), p50Ms: pct(proofMs, 50), p99Ms: pct(proofMs, 99), proofLength },
  };
}
