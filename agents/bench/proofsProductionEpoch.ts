import type { Address, Hex, PublicClient, WalletClient } from "viem";
import { createIndexer } from "../indexer/createIndexer.js";
import type { Db } from "../indexer/db/Db.js";
import { dropPostgresSchema } from "../indexer/db/postgres.js";
import { migrate } from "../indexer/db/schema.js";
import { seedEpochBulk } from "./seedEpochBulk.js";

/** Where the proofs bench's epoch came from: seeded and anchored by this run, or a kept one reused. */
export interface PreparedEpoch {
  epoch: bigint;
  root: Hex;
  /** Seconds spent seeding and closing + anchoring; null when a kept schema was reused. */
  seedSeconds: number | null;
  closeSeconds: number | null;
}

const seconds = (t0: number): number => Math.round((performance.now() - t0) / 10) / 100;

/** A kept schema's name: the bench only ever reuses or drops schemas it names itself. */
export const KEPT_SCHEMA = /^bench_proofs_keep_[a-z0-9_]{1,40}$/;

/**
 * The anchored epoch the proofs bench serves: `reviews` synthetic reviews seeded in bulk into
 * `epoch` of the schema `db` opens, then closed and anchored by the indexer's own closing code
 * (tree and dataset pages saved once). With `reuse`, a schema kept by an earlier run whose
 * `epoch` is already anchored with exactly `reviews` leaves is served as it is: seeding 1M
 * reviews and closing them takes minutes, longer than the load itself. Any other state of a kept
 * schema is dropped and seeded again. Reuse needs the same contract addresses, which a fresh
 * local chain deploying the same way gives.
 *
 * @example
 * const e = await prepareAnchoredEpoch(db, { url, schema, reuse: true, reviews: 1_000_000, epoch, indexer: { publicClient, walletClient, escrow, anchor } });
 */
export async function prepareAnchoredEpoch(
  db: Db,
  o: {
    url: string;
    schema: string;
    reuse: boolean;
    reviews: number;
    epoch: bigint;
    indexer: { publicClient: PublicClient; walletClient: WalletClient; escrow: Address; anchor: Address; epochSeconds: number };
    log: (line: string) => void;
  },
): Promise<PreparedEpoch> {
  if (o.reuse) {
    const [row] = await db
      .query<{ root: Hex; leaf_count: number; status: string }>("SELECT root, leaf_count, status FROM epochs WHERE epoch = $1", [o.epoch])
      .catch(() => []);
    if (row?.status === "anchored" && Number(row.leaf_count) === o.reviews) {
      o.log(`proofs production: reusing schema ${o.schema} (epoch ${o.epoch} anchored with ${o.reviews} reviews)`);
      return { epoch: o.epoch, root: row.root, seedSeconds: null, closeSeconds: null };
    }
    await dropPostgresSchema(o.url, o.schema);
    await db.query(`CREATE SCHEMA ${o.schema}`);
  }
  await migrate(db);
  let t0 = performance.now();
  await seedEpochBulk(db, o.reviews, o.epoch, o.log);
  const seedSeconds = seconds(t0);
  o.log(`proofs production: seeded ${o.reviews} reviews in ${seedSeconds} s; closing and anchoring epoch ${o.epoch}`);
  const indexer = await createIndexer({ db, ...o.indexer });
  t0 = performance.now();
  const [closed] = await indexer.closeDueEpochs();
  const closeSeconds = seconds(t0);
  if (closed?.status !== "anchored" || closed.leafCount !== o.reviews) throw new Error(`proofs production: epoch ${o.epoch} was not anchored with ${o.reviews} leaves`);
  return { epoch: o.epoch, root: closed.root, seedSeconds, closeSeconds };
}
