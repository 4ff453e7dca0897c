import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import path from "node:path";
import type { Hex, PublicClient } from "viem";
import { z } from "zod";
import { processCpuMs, startChild, stopChild, TSX_CLI, waitForLine, type Child } from "../cli/processes.js";
import { serveChain, type Eip1193Provider } from "../dashboard/serveChain.js";
import { deployLocalMarket, type LocalChain } from "../deploy/deployLocalMarket.js";
import { IndexerClient } from "../indexer/client.js";
import { createIndexer } from "../indexer/createIndexer.js";
import { dropPostgresSchema, openPostgres } from "../indexer/db/postgres.js";
import { migrate } from "../indexer/db/schema.js";
import { isReviewProven } from "../protocol/reviewProof.js";
import { localAccounts } from "../wiring/localAccounts.js";
import { runBenchChild } from "./benchChild.js";
import { seedEpochBulk } from "./seedEpochBulk.js";

/** `proofsApi.production`: GET /reviews/:id served by `indexer api` processes on PostgreSQL. */
export const ProofsProduction = z.object({
  targetRate: z.number(),
  requestsPerSecond: z.number(),
  /** Latency from each request's scheduled send time (open loop: queueing counts). */
  p50Ms: z.number(),
  p99Ms: z.number(),
  reviewsStored: z.number().int(),
  apiProcesses: z.number().int(),
  requests: z.number().int(),
  non2xx: z.number().int(),
  errors: z.number().int(),
  /** Filling the epoch (multi-row INSERTs, seedEpochBulk) and closing + anchoring it (the indexer's own code). */
  seedSeconds: z.number(),
  closeSeconds: z.number(),
  /** CPU (user + system, /proc) the API processes spent per request, warm-up included: what the machine's load does not inflate. */
  apiCpuMsPerRequest: z.number().nullable(),
  /** 1-minute load average of the machine when the load started and when it ended. */
  loadAverage: z.tuple([z.number(), z.number()]),
});
export type ProofsProduction = z.infer<typeof ProofsProduction>;

const DAY = 86_400;
const seconds = (t0: number): number => Math.round((performance.now() - t0) / 10) / 100;
const load1 = (): number => Number(os.loadavg()[0]!.toFixed(2));

/**
 * The production shape of the proofs API: `reviews` reviews seeded in bulk into yesterday's epoch
 * of a fresh PostgreSQL schema, closed and anchored by the indexer's closing code (tree pages
 * saved once), then served by `apiProcesses` `indexer api` processes (scripts/indexer.ts, each
 * its own OS process, reading the chain through an RPC served from this process) and loaded from
 * a load-generator process of its own (pacedLoadChild.ts): `rate` GET /reviews/:id per second,
 * evenly paced, round robin over the API processes, random anchored ids, `seconds` long after
 * an unreported warm-up. The schema is dropped afterwards.
 *
 * @example
 * const row = await benchProofsProduction({ chain: await network.create(), databaseUrl, reviews: 1_000_000, rate: 2_000, seconds: 10 });
 */
export async function benchProofsProduction(o: {
  chain: LocalChain & { provider: Eip1193Provider };
  databaseUrl: string;
  reviews: number;
  rate: number;
  seconds: number;
  apiProcesses?: number;
  log?: (line: string) => void;
}): Promise<ProofsProduction> {
  const log = o.log ?? (() => {});
  const apiProcesses = o.apiProcesses ?? 2;
  const schema = `bench_proofs_${randomBytes(4).toString("hex")}`;
  const db = await openPostgres({ url: o.databaseUrl, schema, max: 2 });
  const work = await mkdtemp(path.join(tmpdir(), "proofs-production-"));
  const apis: Child[] = [];
  let rpc: { url: string; close(): Promise<void> } | undefined;
  try {
    await migrate(db);
    const deployment = await deployLocalMarket(o.chain, { epochSeconds: DAY });
    const publicClient = (await o.chain.viem.getPublicClient()) as unknown as PublicClient;
    // Yesterday's epoch: over on the chain's clock and the wall clock alike, so it is due and may be anchored.
    const epoch = (await publicClient.getBlock()).timestamp / BigInt(DAY) - 1n;
    let t0 = performance.now();
    await seedEpochBulk(db, o.reviews, epoch, log);
    const seedSeconds = seconds(t0);
    log(`proofs production: seeded ${o.reviews} reviews in ${seedSeconds} s; closing and anchoring epoch ${epoch}`);
    const indexer = await createIndexer({
      db,
      publicClient,
      walletClient: (await localAccounts(o.chain.viem, 0)).owner,
      escrow: deployment.escrow.address,
      anchor: deployment.anchor.address,
      epochSeconds: DAY,
    });
    t0 = performance.now();
    const [closed] = await indexer.closeDueEpochs();
    const closeSeconds = seconds(t0);
    if (closed?.status !== "anchored" || closed.leafCount !== o.reviews) throw new Error(`proofs production: epoch ${epoch} was not anchored with ${o.reviews} leaves`);

    rpc = await serveChain(o.chain.provider);
    const env = {
      RPC_URL: rpc.url,
      ESCROW_ADDRESS: deployment.escrow.address,
      ANCHOR_ADDRESS: deployment.anchor.address,
      ...(deployment.registry ? { IDENTITY_REGISTRY: deployment.registry.address } : {}),
      DATABASE_URL: o.databaseUrl,
      DB_SCHEMA: schema,
      EPOCH_SECONDS: String(DAY),
      RATE_LIMIT_PER_SECOND: "0",
      PORT: "0",
    };
    // INDEXER_CPU_PROF_DIR: each API process writes a V8 CPU profile there when it exits (as the load bench's children do).
    const profile = process.env.INDEXER_CPU_PROF_DIR;
    const entry = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`, "--import", "tsx", "scripts/indexer.ts", "api"] : [TSX_CLI, "scripts/indexer.ts", "api"];
    for (let k = 0; k < apiProcesses; k++) apis.push(startChild(`api${k}`, entry, env));
    const urls = await Promise.all(apis.map(async (c) => (await waitForLine(c, /indexer api listening on /, 120_000)).split(" ").pop()!));

    // Distinct random anchored ids for the warm-up and for every measured request.
    const warmupSeconds = Math.min(3, o.seconds);
    const wanted = Math.ceil(o.rate * (o.seconds + warmupSeconds));
    const ids = (await db.query<{ id: Hex }>("SELECT id FROM reviews WHERE epoch = $1 ORDER BY random() LIMIT $2", [epoch, wanted])).map((r) => r.id);
    // What is timed must be real proofs: each process serves one, checked against the anchored root.
    for (const url of urls) {
      const got = await new IndexerClient(url).getReview(ids[0]!);
      if (!got.anchored || !isReviewProven(closed.root, got.review, got.proof ?? [])) throw new Error(`proofs production: ${url} served no valid proof of ${ids[0]}`);
    }
    const requests = ids.map((id, i) => `${urls[i % urls.length]}/reviews/${id}`);
    const cut = Math.floor((requests.length * warmupSeconds) / (o.seconds + warmupSeconds));
    const plan = path.join(work, "plan.json");
    await writeFile(plan, JSON.stringify({ warmup: requests.slice(0, cut), measured: requests.slice(cut), rate: o.rate, warmupSeconds, seconds: o.seconds }));
    log(`proofs production: ${o.rate} req/s for ${o.seconds} s (after ${warmupSeconds} s of warm-up) over ${apiProcesses} indexer api processes`);
    const loadStart = load1();
    const apiCpu = () => apis.reduce((sum, c) => sum + (processCpuMs(c.proc.pid) ?? NaN), 0);
    const cpu0 = apiCpu();
    const figures = (await runBenchChild("pacedLoadChild", [plan])) as Record<string, number>;
    const cpuPerRequest = (apiCpu() - cpu0) / (Math.round(o.rate * warmupSeconds) + Math.round(o.rate * o.seconds));
    return ProofsProduction.parse({
      ...figures,
      reviewsStored: o.reviews,
      apiProcesses,
      seedSeconds,
      closeSeconds,
      apiCpuMsPerRequest: Number.isFinite(cpuPerRequest) ? Math.round(cpuPerRequest * 1000) / 1000 : null,
      loadAverage: [loadStart, load1()],
    });
  } finally {
    for (const c of apis) await stopChild(c);
    await rpc?.close();
    await db.close();
    await dropPostgresSchema(o.databaseUrl, schema);
    await rm(work, { recursive: true, force: true });
  }
}
