import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { assertIdentifier } from "../indexer/db/Db.js";
import type { Db } from "../indexer/db/Db.js";
import { openPglite } from "../indexer/db/pglite.js";
import { openPostgres, dropPostgresSchema } from "../indexer/db/postgres.js";
import { migrate } from "../indexer/db/schema.js";
import { countEpochReviews } from "../indexer/epochCursor.js";
import { seedEpochBulk } from "./seedEpochBulk.js";
import { runBenchChild } from "./benchChild.js";

const EPOCH = 30_000_000n;

/** Closing (building) one epoch of `leaves` stored reviews from PostgreSQL, in a process of its own. */
export const CloseEpochRow = z.object({
  leaves: z.number().int(),
  backend: z.enum(["postgres", "pglite"]),
  /** Filling the epoch (bulk INSERTs, not part of the close); 0 when a kept schema already held it. */
  seedSeconds: z.number(),
  /** The tree alone: reading every stored id (the leaf hashes, already sorted, epochLeafIds.ts) into the sorted builder, internal nodes. */
  treeSeconds: z.number(),
  treeCpuSeconds: z.number(),
  /** Every leaf's proof from the built tree, in tree order (as bench:merkle-stream): with treeSeconds, issue #18's "build plus every proof". */
  allProofsSeconds: z.number(),
  allProofsCpuSeconds: z.number(),
  /** The dataset pass after the tree: every row read in canonical order, its leaf re-derived from its fields and checked against its id and the tree, the dataset written as pages, then the tree pages (buildSeconds − treeSeconds). */
  datasetPassSeconds: z.number(),
  datasetPassCpuSeconds: z.number(),
  /** buildEpoch in full (without the proofs, which the indexer does not write at close): the tree, the dataset pass, one transaction. */
  buildSeconds: z.number(),
  buildCpuSeconds: z.number(),
  /** Peak resident set of the process that built it (getrusage maxrss). */
  peakRssMb: z.number(),
  /** 1-minute load average when the build started and ended. */
  loadAverage: z.tuple([z.number(), z.number()]),
  root: z.string(),
  datasetBytes: z.number(),
  /** Streaming the stored dataset back page by page and hashing it: equal to the anchored hash. */
  datasetReadSeconds: z.number(),
  datasetHashMatches: z.boolean(),
  /** Proofs of 1,000 random stored reviews from the tree pages, each checked against the root. */
  proofsChecked: z.number().int(),
});
export type CloseEpochRow = z.infer<typeof CloseEpochRow>;

/** Where the epoch is stored: a PostgreSQL schema (fresh, or kept and reused), or PGlite in a fresh data directory. */
export type CloseEpochTarget = { url: string; keepSchema?: string } | { pglite: true };

/**
 * Seeds `leaves` reviews, then builds the epoch in a child process (so its peak RSS is the
 * build's alone). A fresh PostgreSQL schema or PGlite directory is removed after; a `keepSchema`
 * is kept and, when it already holds the epoch's `leaves` reviews, reused without seeding (10M
 * take most of an hour to seed) after its built epoch is deleted.
 *
 * @example
 * const row = await benchCloseEpoch({ url: process.env.TEST_DATABASE_URL! }, 1_000_000);
 */
export async function benchCloseEpoch(target: CloseEpochTarget, leaves: number, log?: (line: string) => void): Promise<CloseEpochRow> {
  if ("pglite" in target) {
    const dir = await mkdtemp(join(tmpdir(), "bench-close-"));
    try {
      // PGlite is one process's: the seeding handle is closed before the child opens the directory.
      const db = await openPglite({ dataDir: dir });
      await migrate(db);
      const seedSeconds = await seed(db, leaves, log);
      await settle(db, log);
      await db.close();
      return await built(["pglite", dir], leaves, "pglite", seedSeconds, log);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const { url, keepSchema } = target;
  const schema = keepSchema ? assertIdentifier(keepSchema) : `bench_close_${randomBytes(4).toString("hex")}`;
  const db = await openPostgres({ url, schema, max: 1 });
  try {
    await migrate(db);
    const stored = await countEpochReviews(db, EPOCH);
    let seedSeconds = 0;
    if (stored === 0) seedSeconds = await seed(db, leaves, log);
    else if (stored !== leaves) throw new RangeError(`schema ${schema} holds ${stored} reviews in the bench's epoch, not ${leaves}`);
    else {
      for (const table of ["epoch_tree_pages", "epoch_dataset_pages", "epochs", "epoch_closing"]) await db.query(`DELETE FROM ${table} WHERE epoch = $1`, [EPOCH]);
      log?.(`close epoch: reusing the ${leaves} reviews of schema ${schema}`);
    }
    await settle(db, log);
    return await built([url, schema], leaves, "postgres", seedSeconds, log);
  } finally {
    await db.close();
    if (!keepSchema) await dropPostgresSchema(url, schema);
  }
}

async function seed(db: Db, leaves: number, log?: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  await seedEpochBulk(db, leaves, EPOCH, log);
  const seconds = Math.round((performance.now() - t0) / 10) / 100;
  log?.(`close epoch: seeded ${leaves} reviews in ${seconds}s`);
  return seconds;
}

/**
 * VACUUM (ANALYZE) of the seeded table, outside the timings: what autovacuum does to a table
 * after many inserts, marking its pages all-visible so the closer's index-only scan of the ids
 * reads no table rows (freshly bulk-loaded, about one id in five would be looked up in the table).
 * Quick when nothing changed since the last one.
 */
async function settle(db: Db, log?: (line: string) => void): Promise<void> {
  const t0 = performance.now();
  await db.query("VACUUM (ANALYZE) reviews");
  log?.(`close epoch: VACUUM (ANALYZE) reviews in ${Math.round((performance.now() - t0) / 10) / 100}s`);
}

async function built(args: string[], leaves: number, backend: "postgres" | "pglite", seedSeconds: number, log?: (line: string) => void): Promise<CloseEpochRow> {
  log?.("close epoch: building in a child process");
  const child = await runBenchChild("closeEpochChild", args);
  return CloseEpochRow.parse({ ...(child as object), leaves, backend, seedSeconds });
}
