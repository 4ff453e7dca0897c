// Entry point of `npm run indexer`: wires the reputation indexer from the environment
// (see agents/indexer/config.ts for every variable). Logic lives in agents/indexer.
import { createPublicClient, http } from "viem";
import { DEV_CHAIN_ID, DEV_ROLES } from "../agents/deploy/devAccounts.js";
import { agentClients } from "../agents/multi/clients.js";
import { parseIndexerEnv, describeConfig, resolveContract } from "../agents/indexer/config.js";
import { createIndexer } from "../agents/indexer/createIndexer.js";
import { viemAnchorPort } from "../agents/indexer/anchorPort.js";
import { killAfterAnchorSend } from "../agents/testing/killAfterAnchorSend.js";
import { openDb } from "../agents/indexer/db/openDb.js";
import { runIndexerLoop, startIndexerServer } from "../agents/indexer/server.js";

const env = parseIndexerEnv(process.env);
const publicClient = createPublicClient({ transport: http(env.RPC_URL) });
const chainId = await publicClient.getChainId();
const { address: escrow, block: escrowBlock } = await resolveContract("escrow", env.ESCROW_ADDRESS, chainId);
const anchor = await resolveContract("anchor", env.ANCHOR_ADDRESS, chainId).then((c) => c.address, () => undefined);
const registry = await resolveContract("registry", env.IDENTITY_REGISTRY, chainId).catch(() => undefined);
// The anchorer: PRIVATE_KEY, or on a development chain its development account; otherwise read-only.
const walletClient = env.PRIVATE_KEY || chainId === DEV_CHAIN_ID ? (await agentClients(process.env, DEV_ROLES.owner)).walletClient : undefined;
const account = walletClient?.account ?? null;
console.log("indexer config", JSON.stringify({ chainId, escrow, anchor: anchor ?? null, registry: registry?.address ?? null, ...describeConfig(env, account?.address ?? null) }));

// Hardening suite only (INDEXER_FAULT): die between broadcasting an anchor and recording it.
const anchorPort =
  env.INDEXER_FAULT === "kill-after-anchor-send" && anchor && walletClient
    ? killAfterAnchorSend(viemAnchorPort({ publicClient, walletClient, address: anchor }))
    : undefined;

const db = await openDb({
  ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, ...(env.DB_SCHEMA ? { schema: env.DB_SCHEMA } : {}) } : { dataDir: env.DATA_DIR }),
});
const indexer = await createIndexer({
  db,
  publicClient,
  escrow,
  ...(anchor ? { anchor } : {}),
  ...(walletClient ? { walletClient } : {}),
  ...(anchorPort ? { anchorPort } : {}),
  ...(registry ? { registry: { address: registry.address, startBlock: env.START_BLOCK ?? registry.block } } : {}),
  epochSeconds: env.EPOCH_SECONDS,
  minTaskValue: env.MIN_TASK_VALUE,
  confirmations: env.CONFIRMATIONS,
  startBlock: env.START_BLOCK ?? escrowBlock,
  rateLimit: env.RATE_LIMIT_PER_SECOND > 0 ? { perSecond: env.RATE_LIMIT_PER_SECOND, burst: env.RATE_LIMIT_BURST } : false,
});
const server = await startIndexerServer(indexer, { port: env.PORT, hostname: env.HOST });
console.log(`indexer listening on ${server.url}`);
const loop = runIndexerLoop(indexer, {
  intervalMs: env.POLL_MS,
  onError: (err) => console.error("indexer tick failed:", err instanceof Error ? err.message : err),
  onFatal: (err) => {
    console.error("FATAL:", err.message);
    process.exitCode = 2;
  },
});

const shutdown = async () => {
  await loop.stop();
  await server.close();
  await db.close();
};
process.once("SIGINT", () => void shutdown());
process.once("SIGTERM", () => void shutdown());
await loop.done;
if (process.exitCode === 2) await shutdown();
