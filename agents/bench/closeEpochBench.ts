import { randomBytes } from "node:crypto";
import { z } from "zod";
import { openPostgres, dropPostgresSchema } from "../indexer/db/postgres.js";
import { migrate } from "../indexer/db/schema.js";
import { seedEpochBulk } from "./seedEpochBulk.js";
import { runBenchChild } from "./benchChild.js";

/** Closing (building) one epoch of `leaves` stored reviews from PostgreSQL, in a process of its own. */
export const CloseEpochRow = z.object({
  leaves: z.number().int(),
  backend: z.literal("postgres"),
  /** Filling the epoch (bulk INSERTs, not part of the close). */
  seedSeconds: z.number(),
  /** buildEpoch: two cursor passes (tree, then dataset in canonical order), dataset and tree pages written, one transaction. */
  buildSeconds: z.number(),
  buildCpuSeconds: z.number(),
  /** Peak resident set of the process that built it (getrusage maxrss). */
  peakRssMb: z.number(),
  datasetBytes: z.number().int(),
  /** Streaming the stored dataset back page by page and hashing it: equal to the anchored hash. */
  datasetReadSeconds: z.number(),
  datasetHashMatches: z.boolean(),
  /** Proofs of 1,000 random stored reviews from the tree pages, each checked against the root. */
  proofsChecked: z.number().int(),
});
export type CloseEpochRow = z.infer<typeof CloseEpochRow>;

/**
 * Seeds `leaves` reviews in a fresh PostgreSQL schema, then builds the epoch in a child process
 * (so its peak RSS is the build's alone) and drops the schema.
 *
 * @example
 * const row = await benchCloseEpoch(process.env.TEST_DATABASE_URL!, 1_000_000);
 */
export async function benchCloseEpoch(url: string, leaves: number, log?: (line: string) => void): Promise<CloseEpochRow> {
  const schema = `bench_close_${randomBytes(4).toString("hex")}`;
  const db = await openPostgres({ url, schema, max: 1 });
  try {
    await migrate(db);
    const t0 = performance.now();
    await seedEpochBulk(db, leaves, 30_000_000n, log);
    const seedSeconds = Math.round((performance.now() - t0) / 10) / 100;
    log?.(`close epoch: seeded ${leaves} reviews in ${seedSeconds}s; building in a child process`);
    const child = await runBenchChild("closeEpochChild", [url, schema]);
    return CloseEpochRow.parse({ ...(child as object), leaves, backend: "postgres", seedSeconds });
  } finally {
    await db.close();
    await dropPostgresSchema(url, schema);
  }
}

