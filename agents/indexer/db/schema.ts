import { createHash } from "node:crypto";
import type { Db } from "./Db.js";
import { lockSchema, MIGRATE_LOCK_KEY, retryTransient } from "./locks.js";
import { backfillLeafFacts, type BackfillReport } from "./backfillLeafFacts.js";
import { REGISTRY_STATEMENTS, REGISTRY_TABLES } from "./registrySchema.js";
import { JURY_STATEMENTS, JURY_TABLES } from "./jurySchema.js";

/**
 * The indexer's tables. Statements are idempotent, so `migrate` runs on every start.
 * Addresses are stored checksummed, hashes as lowercase 0x-hex, times as unix seconds.
 */
const STATEMENTS = [
  // Where ingestion resumes: the first block not yet ingested, per (chain, escrow).
  `CREATE TABLE IF NOT EXISTS ingest_cursor (
     chain_id BIGINT NOT NULL, escrow TEXT NOT NULL, next_block BIGINT NOT NULL,
     PRIMARY KEY (chain_id, escrow))`,
  // Hash of block next_block - 1 as ingested: a different hash there later means a reorg.
  `ALTER TABLE ingest_cursor ADD COLUMN IF NOT EXISTS last_hash TEXT`,
  // Every escrow log ingested, once: the primary key makes a replayed log a no-op.
  `CREATE TABLE IF NOT EXISTS escrow_events (
     block_number BIGINT NOT NULL, log_index INTEGER NOT NULL, block_hash TEXT NOT NULL,
     tx_hash TEXT NOT NULL, event_name TEXT NOT NULL, task_id TEXT, args JSONB NOT NULL,
     PRIMARY KEY (block_number, log_index))`,
  `CREATE INDEX IF NOT EXISTS escrow_events_task ON escrow_events (task_id)`,
  // Each task's parties and where it ended, folded from its events. The escrow keys a task by
  // (client, task id): anyone may fund their own task under an id another client announced.
  `CREATE TABLE IF NOT EXISTS tasks (
     task_id TEXT NOT NULL, client TEXT NOT NULL, worker TEXT NOT NULL, token TEXT NOT NULL,
     amount TEXT NOT NULL, status TEXT NOT NULL, outcome TEXT, worker_bps INTEGER,
     funded_block BIGINT NOT NULL, settled_block BIGINT)`,
  // A table from before that change had task_id alone as its key.
  `ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_pkey`,
  `CREATE UNIQUE INDEX IF NOT EXISTS tasks_key ON tasks (task_id, client)`,
  `ALTER TABLE escrow_events ADD COLUMN IF NOT EXISTS client TEXT`,
  // One review per (task, reviewer); the id is the review's Merkle leaf hash.
  `CREATE TABLE IF NOT EXISTS reviews (
     id TEXT PRIMARY KEY, task_id TEXT NOT NULL, reviewer TEXT NOT NULL, subject TEXT NOT NULL,
     rating INTEGER NOT NULL, comment_hash TEXT NOT NULL, ts BIGINT NOT NULL, signature TEXT NOT NULL,
     outcome TEXT NOT NULL, epoch BIGINT NOT NULL, accepted_at BIGINT NOT NULL,
     UNIQUE (task_id, reviewer))`,
  `CREATE INDEX IF NOT EXISTS reviews_subject ON reviews (subject)`,
  // The client half of the reviewed task's key (see tasks).
  `ALTER TABLE reviews ADD COLUMN IF NOT EXISTS client TEXT`,
  // Hash of every ingested block that held escrow events, and of each batch's last block: walking
  // these back finds where a reorg forked off what was ingested.
  `CREATE TABLE IF NOT EXISTS ingested_blocks (block_number BIGINT PRIMARY KEY, block_hash TEXT NOT NULL)`,
  // A review whose task settlement left the chain in a reorg: kept but excluded from epochs and
  // scores until the same settlement is ingested again.
  `ALTER TABLE reviews ADD COLUMN IF NOT EXISTS orphaned BOOLEAN NOT NULL DEFAULT FALSE`,
  // The closing state machine of each epoch: built -> sent -> anchored (or empty).
  `CREATE TABLE IF NOT EXISTS epochs (
     epoch BIGINT PRIMARY KEY, status TEXT NOT NULL, root TEXT, leaf_count INTEGER NOT NULL,
     dataset_hash TEXT, dataset TEXT, tree BYTEA, tx_hash TEXT, anchored_block BIGINT,
     built_at BIGINT NOT NULL)`,
  // An epoch's tree as pages of its flat node array (treePages.ts), written once when built and
  // read page by page by any API process; `tree` holds whole trees of epochs built before.
  `CREATE TABLE IF NOT EXISTS epoch_tree_pages (
     epoch BIGINT NOT NULL, page INTEGER NOT NULL, nodes BYTEA NOT NULL, PRIMARY KEY (epoch, page))`,
  `ALTER TABLE epochs ADD COLUMN IF NOT EXISTS tree_page_nodes INTEGER`,
  // An epoch's dataset text as pages (datasetPages.ts), written as it is built, streamed when
  // served; `dataset` holds the whole text of epochs built before.
  `CREATE TABLE IF NOT EXISTS epoch_dataset_pages (
     epoch BIGINT NOT NULL, page INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (epoch, page))`,
  `ALTER TABLE epochs ADD COLUMN IF NOT EXISTS dataset_pages INTEGER`,
  // The worker's signed success claim, from TaskFunded's settings (bits [240, 256)), in basis points.
  `ALTER TABLE tasks ADD COLUMN IF NOT EXISTS claimed_bps INTEGER`,
  // The reviewed task's facts that a review's Merkle leaf carries after the six signed fields
  // (agents/protocol/reviewLeaf.ts): its worker, the worker's claim and what it delivered.
  `ALTER TABLE reviews ADD COLUMN IF NOT EXISTS worker TEXT`,
  `ALTER TABLE reviews ADD COLUMN IF NOT EXISTS claimed_bps INTEGER`,
  `ALTER TABLE reviews ADD COLUMN IF NOT EXISTS delivered_bps INTEGER`,
  // Rows from before those columns, which backfillLeafFacts fills on start: these indexes hold only
  // them (every row written since has its facts), so finding that none is left costs nothing.
  `CREATE INDEX IF NOT EXISTS tasks_without_claim ON tasks (task_id) WHERE claimed_bps IS NULL`,
  `CREATE INDEX IF NOT EXISTS reviews_without_facts ON reviews (epoch) WHERE worker IS NULL`,
  // Epochs closed to new reviews (closeEpoch.ts), recorded under the epoch lock before the build
  // starts: reviews accepted while a big epoch is built join the next epoch without waiting.
  `CREATE TABLE IF NOT EXISTS epoch_closing (epoch BIGINT PRIMARY KEY, closed_at BIGINT NOT NULL)`,
  // An epoch's ids (its leaf hashes) in canonical order, orphaned flag included: the closer reads
  // its leaves already sorted from this index alone (epochLeafIds.ts), without a sort or the rows.
  // It serves every `epoch = …` lookup too, so it replaces reviews_epoch (one index per insert, as before).
  `CREATE INDEX IF NOT EXISTS reviews_epoch_id ON reviews (epoch, id COLLATE "C") INCLUDE (orphaned)`,
  `DROP INDEX IF EXISTS reviews_epoch`,
];

const ALL_STATEMENTS = [...STATEMENTS, ...REGISTRY_STATEMENTS, ...JURY_STATEMENTS];
/** The hash of every statement: stored once they all ran, so a start on a current schema runs no DDL. */
export const SCHEMA_VERSION = createHash("sha256").update(ALL_STATEMENTS.join(";\n")).digest("hex").slice(0, 32);

/**
 * Creates the tables if they are missing, adds what older versions lack, and fills the task facts
 * of rows stored before review leaves carried them ({@link backfillLeafFacts}); runs on every start.
 * On a schema already at {@link SCHEMA_VERSION} it runs no DDL at all: even a no-op `ALTER TABLE`
 * takes the table's exclusive lock, and a standby or an API process starting beside a busy leader
 * would queue every review insert behind it or deadlock with it.
 */
export async function migrate(db: Db): Promise<BackfillReport> {
  if (!(await schemaCurrent(db))) {
    // The DDL takes each table's exclusive lock in turn, so beside a running process of an older
    // version PostgreSQL may abort it as a deadlock's victim; every statement is idempotent, so it
    // runs again. The schema's migrate lock keeps two processes starting together from racing.
    await retryTransient(() =>
      db.transaction(async (tx) => {
        await lockSchema(tx, MIGRATE_LOCK_KEY);
        for (const sql of ALL_STATEMENTS) await tx.query(sql);
        await tx.query("CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY, hash TEXT NOT NULL)");
        await tx.query("INSERT INTO schema_version (id, hash) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET hash = EXCLUDED.hash", [SCHEMA_VERSION]);
      }),
    );
  }
  return backfillLeafFacts(db);
}

/** Whether this schema's recorded version is this code's (reads schema_version alone; locks no other table). */
async function schemaCurrent(db: Db): Promise<boolean> {
  const [table] = await db.query<{ t: string | null }>("SELECT to_regclass('schema_version')::text AS t");
  if (!table?.t) return false;
  const [row] = await db.query<{ hash: string }>("SELECT hash FROM schema_version WHERE id = 1");
  return row?.hash === SCHEMA_VERSION;
}

/** Names of the tables, for tests that want to inspect or empty them. */
export const TABLES = ["ingest_cursor", "escrow_events", "tasks", "reviews", "epochs", "epoch_tree_pages", "epoch_dataset_pages", "epoch_closing", "ingested_blocks", ...REGISTRY_TABLES, ...JURY_TABLES] as const;
