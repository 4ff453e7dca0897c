import { randomBytes } from "node:crypto";
import { z } from "zod";
import { assertIdentifier } from "../indexer/db/Db.js";
import { openPostgres, dropPostgresSchema } from "../indexer/db/postgres.js";
import { migrate } from "../indexer/db/schema.js";
import { countEpochReviews } from "../indexer/epochCursor.js";
import { seedEpochBulk } from "./seedEpochBulk.js";
import { runBenchChild } from "./benchChild.js";

const EPOCH = 30_000_000n;

/** Closing (building) one epoch of `leaves` stored reviews from PostgreSQL, in a process of its own. */
export const CloseEpochRow = z.object({
  leaves: z.number().int(),
  backend: z.literal("postgres"),
  /** Filling the epoch (bulk INSERTs, not part of the close); 0 when a kept schema already held it. */
  seedSeconds: z.number(),
  /** The tree alone: reading every review's leaf from the database (epochLeaves.ts) into the streaming builder, hashing, sorting, internal nodes. */
  treeSeconds: z.number(),
  treeCpuSeconds: z.number(),
  /** Every leaf's proof from the built tree, in tree order (as bench:merkle-stream): with treeSeconds, issue #18's "build plus every proof". */
  allProofsSeconds: z.number(),
  allProofsCpuSeconds: z.number(),
  /** buildEpoch in full: the tree, then the dataset in canonical order (second cursor pass), dataset and tree pages written, one transaction. */
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

/**
 * Seeds `leaves` reviews in a PostgreSQL schema, then builds the epoch in a child process (so its
 * peak RSS is the build's alone). A fresh schema is dropped after; a `keepSchema` is kept and, when
 * it already holds the epoch's `leaves` reviews, reused without seeding (10M take most of an hour
 * to seed) after its built epoch is deleted.
 *
 * @example
 * const row = await benchCloseEpoch(process.env.TEST_DATABASE_URL!, 1_000_000);
 */
export async function benchCloseEpoch(url: string, leaves: number, log?: (line: string) => void, keepSchema?: string): Promise<CloseEpochRow> {
  const schema = keepSchema ? assertIdentifier(keepSchema) : `bench_close_${randomBytes(4).toString("hex")}`;
  const db = await openPostgres({ url, schema, max: 1 });
  try {
    await migrate(db);
    const stored = await countEpochReviews(db, EPOCH);
    let seedSeconds = 0;
    if (stored === 0) {
      const t0 = performance.now();
      await seedEpochBulk(db, leaves, EPOCH, log);
      seedSeconds = Math.round((performance.now() - t0) / 10) / 100;
      log?.(`close epoch: seeded ${leaves} reviews in ${seedSeconds}s`);
    } else if (stored !== leaves) {
      throw new RangeError(`schema ${schema} holds ${stored} reviews in the bench's epoch, not ${leaves}`);
    } else {
      for (const table of ["epoch_tree_pages", "epoch_dataset_pages", "epochs", "epoch_closing"]) await db.query(`DELETE FROM ${table} WHERE epoch = $1`, [EPOCH]);
      log?.(`close epoch: reusing the ${leaves} reviews of schema ${schema}`);
    }
    log?.("close epoch: building in a child process");
    const child = await runBenchChild("closeEpochChild", [url, schema]);
    return CloseEpochRow.parse({ ...(child as object), leaves, backend: "postgres", seedSeconds });
  } finally {
    await db.close();
    if (!keepSchema) await dropPostgresSchema(url, schema);
  }
}
