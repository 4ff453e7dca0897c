// Entry point of `npm run indexer [all|api|worker]`: wires the reputation indexer from the
// environment (see agents/indexer/config.ts for every variable). `api` serves HTTP only, `worker`
// ingests, closes epochs and anchors while it holds the leader lock (PostgreSQL advisory lock),
// `all` (default) does both in one process. Logic lives in agents/indexer.
import { createPublicClient, http } from "viem";
import { DEV_CHAIN_ID, DEV_ROLES } from "../agents/deploy/devAccounts.js";
import { agentClients } from "../agents/multi/clients.js";
import { parseIndexerEnv, describeConfig, resolveContract } from "../agents/indexer/config.js";
import { createIndexer } from "../agents/indexer/createIndexer.js";
import { viemAnchorPort } from "../agents/indexer/anchorPort.js";
import { killAfterAnchorSend } from "../agents/testing/killAfterAnchorSend.js";
import { openDb } from "../agents/indexer/db/openDb.js";
import { openReadReplica, replicaReads } from "../agents/indexer/db/readReplica.js";
import { runIndexerLoop, startIndexerServer } from "../agents/indexer/server.js";
import { leaderLockKey, parseIndexerRole, postgresLeaderLock, soleLeader } from "../agents/indexer/leader.js";
import { runAsLeader } from "../agents/indexer/runAsLeader.js";
import { addressKey } from "../agents/protocol/codecs.js";

const env = parseIndexerEnv(process.env);
const role = parseIndexerRole(process.argv.slice(2), env);
const publicClient = createPublicClient({ transport: http(env.RPC_URL) });
const chainId = await publicClient.getChainId();
const { address: escrow, block: escrowBlock } = await resolveContract("escrow", env.ESCROW_ADDRESS, chainId);
const anchor = await resolveContract("anchor", env.ANCHOR_ADDRESS, chainId).then((c) => c.address, () => undefined);
const registry = await resolveContract("registry", env.IDENTITY_REGISTRY, chainId).catch(() => undefined);
// The deployment's team wallet factory: who is in which team, so a review of a team credits its members.
const teamFactory = await resolveContract("teamFactory", undefined, chainId).catch(() => undefined);
// The anchorer: PRIVATE_KEY, or on a development chain its development account; otherwise read-only.
const walletClient = env.PRIVATE_KEY || chainId === DEV_CHAIN_ID ? (await agentClients(process.env, DEV_ROLES.owner)).walletClient : undefined;
const account = walletClient?.account ?? null;
console.log("indexer config", JSON.stringify({ chainId, escrow, anchor: anchor ?? null, registry: registry?.address ?? null, teamFactory: teamFactory?.address ?? null, ...describeConfig(env, account?.address ?? null) }));

// Hardening suite only (INDEXER_FAULT): die between broadcasting an anchor and recording it.
const anchorPort =
  env.INDEXER_FAULT === "kill-after-anchor-send" && anchor && walletClient
    ? killAfterAnchorSend(viemAnchorPort({ publicClient, walletClient, address: anchor }))
    : undefined;

const db = await openDb({
  ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, ...(env.DB_SCHEMA ? { schema: env.DB_SCHEMA } : {}) } : { dataDir: env.DATA_DIR }),
});
// A read replica serves the API's reads (`api`, `all`); the worker reads and writes the primary alone.
// Refused at start when it cannot serve (ReadReplicaUnavailableError); a replica that fails later
// is bypassed for the primary, with a warning per outage (db/readReplica.ts).
const replica =
  env.DATABASE_READ_URL && role !== "worker" ? await openReadReplica({ url: env.DATABASE_READ_URL, ...(env.DB_SCHEMA ? { schema: env.DB_SCHEMA } : {}) }) : undefined;
if (env.DATABASE_READ_URL && role === "worker") console.log("indexer worker: DATABASE_READ_URL ignored (the worker reads the primary)");
const readDb = replica
  ? replicaReads({ replica, primary: db, onFallback: (err) => console.warn("read replica failed, reading the primary for 5 s:", err instanceof Error ? err.message : err) })
  : undefined;
const indexer = await createIndexer({
  db,
  ...(readDb ? { readDb } : {}),
  publicClient,
  escrow,
  ...(anchor ? { anchor } : {}),
  ...(walletClient ? { walletClient } : {}),
  ...(anchorPort ? { anchorPort } : {}),
  ...(registry ? { registry: { address: registry.address, startBlock: env.START_BLOCK ?? registry.block } } : {}),
  ...(teamFactory ? { teamFactory: { address: teamFactory.address, startBlock: env.START_BLOCK ?? teamFactory.block } } : {}),
  epochSeconds: env.EPOCH_SECONDS,
  minTaskValue: env.MIN_TASK_VALUE,
  confirmations: env.CONFIRMATIONS,
  startBlock: env.START_BLOCK ?? escrowBlock,
  rateLimit: env.RATE_LIMIT_PER_SECOND > 0 ? { perSecond: env.RATE_LIMIT_PER_SECOND, burst: env.RATE_LIMIT_BURST } : false,
});
const server = role === "worker" ? undefined : await startIndexerServer(indexer, { port: env.PORT, hostname: env.HOST });
if (server) console.log(`indexer ${role === "api" ? "api " : ""}listening on ${server.url}`);
// One leader ingests, closes and anchors: on PostgreSQL whoever holds the advisory lock of this
// (schema, chain, escrow); on the embedded database the one process.
const lock = env.DATABASE_URL ? postgresLeaderLock(env.DATABASE_URL, leaderLockKey(`${env.DB_SCHEMA ?? "public"}:${chainId}:${addressKey(escrow)}`)) : soleLeader;
let fatal = false;
const worker =
  role === "api"
    ? undefined
    : runAsLeader(
        lock,
        () =>
          runIndexerLoop(indexer, {
            intervalMs: env.POLL_MS,
            onError: (err) => console.error("indexer tick failed:", err instanceof Error ? err.message : err),
            onFatal: (err) => {
              console.error("FATAL:", err.message);
              fatal = true;
              process.exitCode = 2;
            },
          }),
        { pollMs: Math.min(env.POLL_MS, 500), onChange: (state) => console.log(`indexer worker: ${state}`) },
      );

let stopping: Promise<void> | undefined;
const shutdown = () =>
  (stopping ??= (async () => {
    await worker?.stop();
    await server?.close();
    await readDb?.close();
    await db.close();
  })());
process.once("SIGINT", () => void shutdown());
process.once("SIGTERM", () => void shutdown());
await (worker?.done ?? new Promise<void>((resolve) => process.once("SIGTERM", resolve).once("SIGINT", resolve)));
if (fatal) await shutdown();
