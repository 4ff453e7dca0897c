import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { network } from "hardhat";
import { getAddress, keccak256, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { openDb } from "../../../agents/indexer/db/openDb.js";
import { dropPostgresSchema } from "../../../agents/indexer/db/postgres.js";
import { reviewLeafHash } from "../../../agents/indexer/merkle/index.js";
import { reviewTypedData } from "../../../agents/protocol/eip712.js";
import { SignedReview } from "../../../agents/protocol/review.js";
import { freePort, startIndexerProcess, type IndexerProcess } from "./indexerProcess.js";
import { percentile } from "./pool.js";
import { postgresBackends } from "./procCpu.js";
import { processCpuMs } from "../../../agents/cli/processes.js";
import { serveRpc } from "./serveRpc.js";

export interface LoadSummary {
  /** Offered rate (requests per second). */
  offeredPerSecond: number;
  seconds: number;
  sent: number;
  accepted: number;
  /** Accepted reviews per second over the whole run (until the last answer). */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** What the errors were: HTTP status, or the client-side failure's code. */
  errorKinds: Record<string, number>;
  /** Accepted (201) reviews that the database does not hold. */
  lost: number;
  /** Reviews stored more than once (rows beyond one per distinct review id or per (task, reviewer)). */
  duplicated: number;
  /** HTTP processes the load was spread over (round robin). */
  apiProcesses: number;
  database: "pglite" | "postgres";
  /** CPU milliseconds (user + system, from /proc) the indexer processes spent per accepted review during the load: what the machine's load cannot inflate. */
  cpuMsPerReview: number | null;
  /**
   * CPU milliseconds per accepted review of each party on the machine: the indexer processes, the
   * PostgreSQL backends serving them (their connections' processes, from /proc; null on PGlite,
   * which runs inside the indexer process) and the load generator's process.
   */
  cpuMsPerReviewBy: { apiProcesses: number | null; postgresBackends: number | null; loadGenerator: number | null };
  /** 1-minute load average of the machine when the timed load started and ended: a rate measured beside other work is that work's too. */
  loadAverage: [number, number];
}

/** Distinct reviewers of the load by default: one key for every review would let a per-key cache make it cheap. */
export const REVIEWERS = 1_000;

/**
 * Offers `perSecond` signed reviews per second for `seconds` (open loop: a request's latency
 * counts from its scheduled send time, so queueing shows) to the indexer running as a child
 * process (`scripts/indexer.ts`, PGlite on disk, rate limit off), then checks that every
 * accepted review is stored. The tasks reviewed are written as settled straight into the
 * indexer's database before it starts (as `bench:indexer` does): settling 60,000 real tasks
 * would take longer than the run; every review still goes through POST /reviews in full
 * (zod, acceptance rules, EIP-712 signature, insert). The reviews are signed by `reviewers`
 * clients in turn, each reviewing its own tasks.
 *
 * @example
 * const s = await runLoad({ perSecond: 1_000, seconds: 60 });
 */
export async function runLoad(opts: {
  perSecond: number;
  seconds: number;
  maxInFlight?: number;
  log?: (s: string) => void;
  /** PostgreSQL instead of PGlite: the reviews go to `apiProcesses` `indexer api` processes on one fresh schema. */
  databaseUrl?: string;
  apiProcesses?: number;
  /** Distinct reviewer keys, used in turn (default {@link REVIEWERS}). */
  reviewers?: number;
}): Promise<LoadSummary> {
  const log = opts.log ?? (() => {});
  const connection = await network.create();
  const chainId = Number(await connection.provider.request({ method: "eth_chainId" }));
  const escrow = getAddress(keccak256(toHex("load escrow")).slice(0, 42));
  const worker = getAddress(privateKeyToAccount(keccak256(toHex("load worker"))).address);
  const total = opts.perSecond * opts.seconds;
  // As many clients as a market's indexer sees (each reviews its own tasks), in turn: a reviewer's
  // next review comes `reviewers` reviews later, so nothing per key can make the load cheap.
  const reviewers = Math.min(total, opts.reviewers ?? REVIEWERS);
  const clients = Array.from({ length: reviewers }, (_, k) => privateKeyToAccount(keccak256(toHex(`load client ${k}`))));
  const dataDir = await mkdtemp(join(tmpdir(), "indexer-load-"));
  const rpc = await serveRpc(connection.provider);
  const apiProcesses = opts.databaseUrl ? (opts.apiProcesses ?? 2) : 1;
  const schema = opts.databaseUrl ? `load_${randomBytes(5).toString("hex")}` : undefined;
  const database = () => openDb(opts.databaseUrl ? { databaseUrl: opts.databaseUrl, schema: schema! } : { dataDir });
  const procs: IndexerProcess[] = [];
  try {
    log(`load: seeding ${total} settled tasks and signing ${total} reviews`);
    const db = await database();
    const now = Math.floor(Date.now() / 1000);
    const bodies: string[] = [];
    const ids: Hex[] = [];
    for (let i = 0; i < total; i += 1_000) {
      const params: unknown[] = [];
      const rows: string[] = [];
      for (let j = i; j < Math.min(total, i + 1_000); j++) {
        const taskId = keccak256(toHex(`load task ${j}`));
        const client = clients[j % reviewers]!;
        params.push(taskId, client.address, worker);
        const b = params.length - 3;
        rows.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 2}, '1', 'released', 'released', 0, 0)`);
        const fields = { taskId, reviewer: client.address as Address, subject: worker, rating: 1 + (j % 5), commentHash: keccak256(toHex(j)), timestamp: BigInt(now - 60) };
        const signature = await client.signTypedData(reviewTypedData(chainId, escrow, fields));
        bodies.push(JSON.stringify(SignedReview.encode({ ...fields, signature })));
        // Tasks written without a claim (claimed_bps NULL counts as 0) and released: all delivered.
        ids.push(reviewLeafHash({ ...fields, worker, claimedSuccessBps: 0, deliveredBps: 10_000 }));
      }
      await db.query(`INSERT INTO tasks (task_id, client, worker, token, amount, status, outcome, funded_block, settled_block) VALUES ${rows.join(", ")}`, params);
    }
    await db.close();

    // PGAPPNAME names the API processes' PostgreSQL connections, so their backends' CPU can be read.
    const appName = `indexer_${schema ?? "pglite"}`;
    const where: Record<string, string> = opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl, DB_SCHEMA: schema!, PGAPPNAME: appName } : { DATA_DIR: dataDir };
    for (let k = 0; k < apiProcesses; k++) {
      const env = { RPC_URL: rpc.url, ESCROW_ADDRESS: escrow, PORT: String(await freePort()), EPOCH_SECONDS: "1000000000", CONFIRMATIONS: "0", POLL_MS: "1000", RATE_LIMIT_PER_SECOND: "0", ...where };
      procs.push(await startIndexerProcess(env, opts.databaseUrl ? { args: ["api"] } : {}));
    }
    log(`load: offering ${opts.perSecond}/s for ${opts.seconds} s to ${apiProcesses} process(es) on ${opts.databaseUrl ? "PostgreSQL" : "PGlite"}`);
    const backends = opts.databaseUrl ? postgresBackends(opts.databaseUrl, appName) : undefined;
    const load0 = loadavg()[0]!;
    const cpuAtStart = procs.map((p) => processCpuMs(p.child.pid));
    const pgAtStart = await backends?.cpu();
    // The requests go out from a worker thread (node:http, keep-alive), paced and timed there.
    const sender = new Worker(new URL("../../../agents/bench/reviewLoadWorker.mjs", import.meta.url), { workerData: { urls: procs.map((p) => p.url), bodies, rate: opts.perSecond, maxInFlight: opts.maxInFlight ?? 512 } });
    const result = await new Promise<{ latencies: Float64Array; statuses: Int16Array; failures: Record<string, number>; elapsedMs: number; cpuMs: number }>((resolve, reject) => {
      sender.once("message", resolve);
      sender.once("error", reject);
    });
    await sender.terminate();
    const loadAverage: [number, number] = [load0, loadavg()[0]!];
    const elapsed = result.elapsedMs / 1000;
    const cpuUsed = procs.map((p, k) => (processCpuMs(p.child.pid) ?? NaN) - (cpuAtStart[k] ?? NaN)).reduce((a, b) => a + b, 0);
    const pgUsed = backends ? (await backends.cpu(pgAtStart)) : undefined;
    const accepted = ids.filter((_, i) => result.statuses[i] === 201);
    const errorKinds: Record<string, number> = { ...result.failures };
    for (const status of result.statuses) if (status !== 201 && status !== 0) errorKinds[String(status)] = (errorKinds[String(status)] ?? 0) + 1;
    const errors = total - accepted.length;
    const latencies = [...result.latencies];
    await Promise.all(procs.splice(0).map((p) => p.kill("SIGTERM")));

    const check = await database();
    const rows = await check.query<{ id: Hex; task_id: string; reviewer: string }>("SELECT id, task_id, reviewer FROM reviews");
    await check.close();
    const stored = new Set(rows.map((r) => r.id.toLowerCase()));
    const pairs = new Set(rows.map((r) => `${r.task_id}|${r.reviewer}`));
    latencies.sort((a, b) => a - b);
    const perReview = (ms: number | undefined) => (ms !== undefined && Number.isFinite(ms) && accepted.length > 0 ? Math.round((ms / accepted.length) * 1000) / 1000 : null);
    return {
      offeredPerSecond: opts.perSecond,
      seconds: opts.seconds,
      sent: total,
      accepted: accepted.length,
      perSecond: Math.round(accepted.length / elapsed),
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      errors,
      errorKinds,
      lost: accepted.filter((id) => !stored.has(id.toLowerCase())).length,
      duplicated: rows.length - Math.min(stored.size, pairs.size),
      apiProcesses,
      database: opts.databaseUrl ? "postgres" : "pglite",
      cpuMsPerReview: perReview(cpuUsed),
      cpuMsPerReviewBy: { apiProcesses: perReview(cpuUsed), postgresBackends: perReview(pgUsed), loadGenerator: perReview(result.cpuMs) },
      loadAverage,
    };
  } finally {
    await Promise.all(procs.map((p) => p.kill("SIGKILL")));
    await rpc.close();
    await rm(dataDir, { recursive: true, force: true });
    if (opts.databaseUrl) await dropPostgresSchema(opts.databaseUrl, schema!);
  }
}
