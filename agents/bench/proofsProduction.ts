import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { Hex, PublicClient } from "viem";
import { z } from "zod";
import { processCpuMs, startChild, stopChild, TSX_CLI, waitForLine, type Child } from "../cli/processes.js";
import { serveChain, type Eip1193Provider } from "../dashboard/serveChain.js";
import { deployLocalMarket, type LocalChain } from "../deploy/deployLocalMarket.js";
import { IndexerClient } from "../indexer/client.js";
import { dropPostgresSchema, openPostgres } from "../indexer/db/postgres.js";
import { replicaCaughtUp } from "../indexer/db/readReplica.js";
import { pgBackendSampler } from "../cli/pgBackendSampler.js";
import { isReviewProven } from "../protocol/reviewProof.js";
import { localAccounts } from "../wiring/localAccounts.js";
import { benchChildArgs, runBenchChild } from "./benchChild.js";
import { timerLateness } from "./timerLateness.js";
import { KEPT_SCHEMA, prepareAnchoredEpoch } from "./proofsProductionEpoch.js";

/** `proofsApi.production`: GET /reviews/:id served by `indexer api` processes on PostgreSQL. */
export const ProofsProduction = z.object({
  targetRate: z.number(),
  requestsPerSecond: z.number(),
  /** Latency from each request's scheduled send time (open loop: queueing counts). */
  p50Ms: z.number(),
  p99Ms: z.number(),
  reviewsStored: z.number().int(),
  apiProcesses: z.number().int(),
  /** The API processes read through a read replica (DATABASE_READ_URL); their backends there count in postgresBackends. */
  readReplica: z.boolean(),
  requests: z.number().int(),
  non2xx: z.number().int(),
  errors: z.number().int(),
  /** Filling the epoch (multi-row INSERTs, seedEpochBulk) and closing + anchoring it (the indexer's own code); null: a kept schema reused. */
  seedSeconds: z.number().nullable(),
  closeSeconds: z.number().nullable(),
  /** CPU (user + system, /proc) the API processes spent per request, warm-up included: what the machine's load does not inflate. */
  apiCpuMsPerRequest: z.number().nullable(),
  /** The same per party: the API processes, their PostgreSQL backends (`PGAPPNAME`), the load generator process. */
  cpuMsPerRequestBy: z.object({ apiProcesses: z.number().nullable(), postgresBackends: z.number().nullable(), loadGenerator: z.number().nullable() }),
  /** 1-minute load average of the machine when the load started and when it ended. */
  loadAverage: z.tuple([z.number(), z.number()]),
  /** In the same window (warm-up included), how late a 1 ms timer fired in an idle thread of the bench (timerLateness.ts): the machine's own floor under p99Ms. */
  /**
   * The floor: the same paced load (rate, seconds, warm-up) against a node:http server in a
   * process of its own that answers every request at once with a fixed body of a proof
   * response's size (fixedAnswerChild.ts): what the machine, the generator and HTTP alone give.
   */
  floor: z.object({ p50Ms: z.number(), p99Ms: z.number(), bodyBytes: z.number().int(), errors: z.number().int() }),
  timerLatenessMs: z.object({ wakeUps: z.number().int(), p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number(), over5Ms: z.number().int() }),
});
export type ProofsProduction = z.infer<typeof ProofsProduction>;

const DAY = 86_400;
const load1 = (): number => Number(os.loadavg()[0]!.toFixed(2));

/**
 * The production shape of the proofs API: `reviews` reviews seeded in bulk into yesterday's epoch
 * of a fresh PostgreSQL schema, closed and anchored by the indexer's closing code (tree pages
 * saved once), then served by `apiProcesses` `indexer api` processes (scripts/indexer.ts, each
 * its own OS process, reading the chain through an RPC served from this process) and loaded from
 * a load-generator process of its own (pacedLoadChild.ts): `rate` GET /reviews/:id per second,
 * evenly paced, round robin over the API processes, random anchored ids, `seconds` long after
 * an unreported warm-up; then the same load against a fixed answer (`floor`). The schema is dropped afterwards, unless `keepSchema` names it
 * (`bench_proofs_keep_*`): then it is kept, and a later run with the same name and size reuses
 * its anchored epoch instead of seeding and closing again (proofsProductionEpoch.ts).
 * With `readUrl`, a streaming replica of the database, the API processes read there
 * (DATABASE_READ_URL) once it has replayed the anchored epoch.
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
  keepSchema?: string;
  /** A streaming replica of `databaseUrl`: the API processes read there (DATABASE_READ_URL). */
  readUrl?: string;
  log?: (line: string) => void;
}): Promise<ProofsProduction> {
  const log = o.log ?? (() => {});
  const apiProcesses = o.apiProcesses ?? 2;
  if (o.keepSchema !== undefined && !KEPT_SCHEMA.test(o.keepSchema)) throw new Error(`proofs production: kept schema ${o.keepSchema} does not match ${KEPT_SCHEMA}`);
  const schema = o.keepSchema ?? `bench_proofs_${randomBytes(4).toString("hex")}`;
  const db = await openPostgres({ url: o.databaseUrl, schema, max: 2 });
  const work = await mkdtemp(path.join(tmpdir(), "proofs-production-"));
  const apis: Child[] = [];
  let rpc: { url: string; close(): Promise<void> } | undefined;
  try {
    const deployment = await deployLocalMarket(o.chain, { epochSeconds: DAY });
    const publicClient = (await o.chain.viem.getPublicClient()) as unknown as PublicClient;
    // Yesterday's epoch: over on the chain's clock and the wall clock alike, so it is due and may be anchored.
    const epoch = (await publicClient.getBlock()).timestamp / BigInt(DAY) - 1n;
    const prepared = await prepareAnchoredEpoch(db, {
      url: o.databaseUrl,
      schema,
      reuse: o.keepSchema !== undefined,
      reviews: o.reviews,
      epoch,
      indexer: { publicClient, walletClient: (await localAccounts(o.chain.viem, 0)).owner, escrow: deployment.escrow.address, anchor: deployment.anchor.address, epochSeconds: DAY },
      log,
    });

    if (o.readUrl) {
      // The API processes refuse a replica without the schema: let it replay the seeded, anchored epoch first.
      const replica = await openPostgres({ url: o.readUrl, createSchema: false, max: 1 });
      await replicaCaughtUp(db, replica, 600_000).finally(() => replica.close());
    }
    rpc = await serveChain(o.chain.provider);
    const env = {
      RPC_URL: rpc.url,
      ESCROW_ADDRESS: deployment.escrow.address,
      ANCHOR_ADDRESS: deployment.anchor.address,
      ...(deployment.registry ? { IDENTITY_REGISTRY: deployment.registry.address } : {}),
      DATABASE_URL: o.databaseUrl,
      DB_SCHEMA: schema,
      ...(o.readUrl ? { DATABASE_READ_URL: o.readUrl } : {}),
      // Names the API processes' PostgreSQL sessions, so their backends' CPU can be read.
      PGAPPNAME: `api_${schema}`,
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
    const ids = (await db.query<{ id: Hex }>("SELECT id FROM reviews WHERE epoch = $1 ORDER BY random() LIMIT $2", [prepared.epoch, wanted])).map((r) => r.id);
    // What is timed must be real proofs: each process serves one, checked against the anchored root.
    for (const url of urls) {
      const got = await new IndexerClient(url).getReview(ids[0]!);
      if (!got.anchored || !isReviewProven(prepared.root, got.review, got.proof ?? [])) throw new Error(`proofs production: ${url} served no valid proof of ${ids[0]}`);
    }
    const cut = Math.floor((ids.length * warmupSeconds) / (o.seconds + warmupSeconds));
    const writePlan = async (name: string, urlsOf: (i: number) => string) => {
      const file = path.join(work, name);
      const all = ids.map((id, i) => `${urlsOf(i)}/reviews/${id}`);
      await writeFile(file, JSON.stringify({ warmup: all.slice(0, cut), measured: all.slice(cut), rate: o.rate, warmupSeconds, seconds: o.seconds }));
      return file;
    };
    const plan = await writePlan("plan.json", (i) => urls[i % urls.length]!);
    log(`proofs production: ${o.rate} req/s for ${o.seconds} s (after ${warmupSeconds} s of warm-up) over ${apiProcesses} indexer api processes`);
    const loadStart = load1();
    const apiCpu = () => apis.reduce((sum, c) => sum + (processCpuMs(c.proc.pid) ?? NaN), 0);
    // The API processes' sessions on the primary, and on the replica when they read there.
    const samplers = [o.databaseUrl, ...(o.readUrl ? [o.readUrl] : [])].map((url) => pgBackendSampler(new pg.Client({ connectionString: url }), `api_${schema}`));
    samplers.forEach((s) => s.start());
    const cpu0 = apiCpu();
    const probe = timerLateness();
    const { cpuMs: generatorMs, ...figures } = (await runBenchChild("pacedLoadChild", [plan])) as Record<string, number>;
    const timerLatenessMs = await probe.stop();
    const apiMs = apiCpu() - cpu0;
    for (const s of samplers) await s.stop();
    const backendMs = samplers.map((s) => s.cpuMs());
    if (o.readUrl) log(`proofs production: PostgreSQL backends' CPU ${backendMs[0]} ms on the primary, ${backendMs[1]} ms on the replica`);

    // The floor: the same load against a server that answers at once with a body of the same size.
    const bodyBytes = Buffer.byteLength(await (await fetch(`${urls[0]}/reviews/${ids[0]}`)).text());
    const fixed = startChild("fixedAnswer", benchChildArgs("fixedAnswerChild", [String(bodyBytes)]), {});
    let floor: ProofsProduction["floor"];
    try {
      const fixedUrl = (await waitForLine(fixed, /fixed answer listening on /, 60_000)).split(" ").pop()!;
      log(`proofs production: the same load against a fixed answer of ${bodyBytes} bytes (the floor)`);
      const f = (await runBenchChild("pacedLoadChild", [await writePlan("floor.json", () => fixedUrl)])) as Record<string, number>;
      floor = { p50Ms: f.p50Ms!, p99Ms: f.p99Ms!, bodyBytes, errors: f.errors! + f.non2xx! };
    } finally {
      await stopChild(fixed);
    }
    const sent = Math.round(o.rate * warmupSeconds) + Math.round(o.rate * o.seconds);
    const perRequest = (ms: number | undefined) => (ms !== undefined && Number.isFinite(ms) ? Math.round((ms / sent) * 1000) / 1000 : null);
    return ProofsProduction.parse({
      ...figures,
      reviewsStored: o.reviews,
      apiProcesses,
      readReplica: o.readUrl !== undefined,
      seedSeconds: prepared.seedSeconds,
      closeSeconds: prepared.closeSeconds,
      apiCpuMsPerRequest: perRequest(apiMs),
      cpuMsPerRequestBy: { apiProcesses: perRequest(apiMs), postgresBackends: perRequest(backendMs.reduce((a, b) => a + b, 0)), loadGenerator: perRequest(generatorMs) },
      loadAverage: [loadStart, load1()],
      floor,
      timerLatenessMs,
    });
  } finally {
    for (const c of apis) await stopChild(c);
    await rpc?.close();
    await db.close();
    if (o.keepSchema === undefined) await dropPostgresSchema(o.databaseUrl, schema);
    await rm(work, { recursive: true, force: true });
  }
}
