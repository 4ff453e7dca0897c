import { network } from "hardhat";
import { deployLocalMarket } from "../agents/deploy/deployLocalMarket.js";
import { localAccounts } from "../agents/wiring/localAccounts.js";
import { benchIndexer } from "../agents/bench/indexerBench.js";
import { createIndexer } from "../agents/indexer/createIndexer.js";
import { openDb } from "../agents/indexer/db/openDb.js";
import { dropPostgresSchema } from "../agents/indexer/db/postgres.js";

// Thin entry: `npm run bench:indexer` prints the figures as JSON on stdout, progress on stderr.
// BENCH_INTAKE, BENCH_BULK, BENCH_PROOFS set the sizes; DATABASE_URL benches PostgreSQL instead of PGlite.
const sizes = {
  intake: Number(process.env.BENCH_INTAKE ?? 300),
  bulk: Number(process.env.BENCH_BULK ?? 20_000),
  proofs: Number(process.env.BENCH_PROOFS ?? 1_000),
};
const chain = await network.create();
const { owner } = await localAccounts(chain.viem, 0);
const publicClient = await chain.viem.getPublicClient();
const deployment = await deployLocalMarket(chain, { epochSeconds: 86_400 });
const schema = `bench_${Date.now()}`;
const db = await openDb(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL, schema } : {});
// The chain's clock: the anchor refuses an epoch that has not started on-chain.
let now = Number((await publicClient.getBlock()).timestamp);
const indexer = await createIndexer({
  db,
  publicClient: publicClient as never,
  walletClient: owner,
  escrow: deployment.escrow.address,
  anchor: deployment.anchor.address,
  epochSeconds: 86_400,
  clock: () => now,
});
const result = await benchIndexer({ indexer, db, now, setNow: (t) => void (now = t), sizes, log: (l) => console.error(l) });
await db.close();
if (process.env.DATABASE_URL) await dropPostgresSchema(process.env.DATABASE_URL, schema);
console.log(JSON.stringify({ backend: db.kind, ...result }));
