import type { Address, Hex } from "viem";
import type { Db } from "./db/Db.js";
import { saveDatasetPages } from "./datasetPages.js";
import { epochReviewPages } from "./epochCursor.js";
import { auditLeafIds, readEpochLeafHashes } from "./epochLeafIds.js";
import { AnchorConflictError, AnchorFailedError, IndexerStateError } from "./errors.js";
import { EPOCH_BUILD_LOCK_KEY, EPOCH_LOCK_KEY, lockSchema } from "./db/locks.js";
import { getEpoch, type EpochRecord } from "./store.js";
import { buildReviewTreeFromSortedHashes, ReviewTreeInputError, type ReviewMerkleTree } from "./merkle/index.js";
import { saveTreePages } from "./treePages.js";

/** What the closer needs from the ReputationAnchor contract. */
export interface AnchorPort {
  /** The epoch's anchored record on-chain, or null if it has none. */
  readEpoch(epoch: bigint): Promise<{ root: Hex; leafCount: number; datasetHash: Hex } | null>;
  /** Broadcasts the anchoring transaction and returns its hash without waiting for it. */
  send(args: { epoch: bigint; root: Hex; leafCount: number; datasetHash: Hex }): Promise<Hex>;
  /** Waits for a transaction's receipt; null when the chain does not know the transaction. */
  receipt(hash: Hex): Promise<{ status: "success" | "reverted"; blockNumber: bigint } | null>;
}

export interface CloseEpochOptions {
  db: Db;
  anchor: AnchorPort;
  chainId: number;
  escrow: Address;
  epochSeconds: number;
  /** Nodes per stored tree page (default treePages.ts `TREE_PAGE_NODES`). */
  treePageNodes?: number;
  /** Reviews fetched per cursor round trip (default epochCursor.ts `EPOCH_PAGE_ROWS`). */
  pageRows?: number;
  /** Characters per stored dataset page (default datasetPages.ts `DATASET_PAGE_CHARS`). */
  datasetPageChars?: number;
  /** For benchmarks: told the tree as soon as it is built, before the dataset is written. */
  onTree?: (tree: ReviewMerkleTree) => void | Promise<void>;
}

/**
 * Closes one epoch and anchors it, as a persisted state machine that a restart can resume
 * from any point: `built` (root, dataset and tree stored) → `sent` (tx hash stored) →
 * `anchored`. Before sending it reads the chain: an epoch already anchored with our root is
 * just recorded (e.g. after a crash between broadcast and bookkeeping), one anchored with a
 * different root raises {@link AnchorConflictError}. A root, once built, never changes, so the
 * indexer can never anchor two different roots for one epoch.
 *
 * @example
 * const record = await closeEpoch({ db, anchor, chainId, escrow, epochSeconds }, 20413n);
 */
export async function closeEpoch(opts: CloseEpochOptions, epoch: bigint): Promise<EpochRecord> {
  const { db, anchor } = opts;
  let record = (await getEpoch(db, epoch)) ?? (await buildEpoch(opts, epoch));
  if (record.status === "anchored") return record;

  if (record.txHash) {
    const receipt = await anchor.receipt(record.txHash);
    if (receipt?.status === "success") return markAnchored(db, epoch, record.txHash, receipt.blockNumber);
  }
  const onChain = await anchor.readEpoch(epoch);
  if (onChain) {
    if (onChain.root !== record.root) throw new AnchorConflictError(epoch, record.root, onChain.root);
    return markAnchored(db, epoch, record.txHash, null);
  }

  const hash = await anchor.send({ epoch, root: record.root, leafCount: record.leafCount, datasetHash: record.datasetHash });
  await db.query("UPDATE epochs SET status = 'sent', tx_hash = $2 WHERE epoch = $1", [epoch, hash]);
  record = { ...record, status: "sent", txHash: hash };
  const receipt = await anchor.receipt(hash);
  if (receipt?.status === "success") return markAnchored(db, epoch, hash, receipt.blockNumber);
  // Reverted: perhaps another process anchored the same root first; the chain decides.
  const after = await anchor.readEpoch(epoch);
  if (after && after.root === record.root) return markAnchored(db, epoch, hash, null);
  if (after) throw new AnchorConflictError(epoch, record.root, after.root);
  throw new AnchorFailedError(epoch, hash);
}

/**
 * Builds an epoch from the database in bounded memory, whatever its size. The tree comes from the
 * stored ids, which are the leaf hashes, read already sorted and counted (epochLeafIds.ts: 32 bytes
 * per review, no leaf hashed, no sort, no COUNT(*); about 100 bytes per review with the tree). A second pass, in canonical
 * order, writes and hashes the dataset page by page and checks on the way that every row's id is
 * still the leaf hash of its fields, so the root is over the fields or the build fails with an
 * IndexerStateError naming the review and stores nothing. Then the `built` row and the tree pages,
 * all in one transaction. The epoch is first marked closed (epoch_closing) in a short
 * transaction holding the epoch lock: from then on no review can join it, and the build itself
 * holds only the build lock, so reviews accepted meanwhile join the next epoch without waiting
 * minutes behind a big epoch. An epoch already built is returned as stored. closeEpoch calls it;
 * the bench times it alone.
 *
 * @throws IndexerStateError when a stored review's id is not the leaf hash of its fields (nothing is stored, so nothing is anchored).
 * @example
 * const built = await buildEpoch({ db, chainId, escrow, epochSeconds }, 20413n);
 */
export async function buildEpoch(opts: Omit<CloseEpochOptions, "anchor">, epoch: bigint): Promise<EpochRecord> {
  await opts.db.transaction(async (tx) => {
    await lockSchema(tx, EPOCH_LOCK_KEY);
    await tx.query("INSERT INTO epoch_closing (epoch, closed_at) VALUES ($1, $2) ON CONFLICT (epoch) DO NOTHING", [epoch, Math.floor(Date.now() / 1000)]);
  });
  return opts.db.transaction(async (tx) => {
    // One builder at a time, and no re-keying of old reviews (backfillLeafFacts) while we read them.
    await lockSchema(tx, EPOCH_BUILD_LOCK_KEY);
    const existing = await getEpoch(tx, epoch);
    if (existing) return existing;
    const pageRows = opts.pageRows;
    // The tree from the stored ids, trusted until the dataset pass below has checked each one.
    const ids = await readEpochLeafHashes(tx, epoch, { pageRows });
    const leafCount = ids.count;
    if (leafCount === 0) throw new RangeError(`epoch ${epoch} has no reviews to close`);
    const tree = await buildReviewTreeFromSortedHashes(leafCount, ids.take()).catch((err: unknown) => {
      // Ids out of order (e.g. one in upper case) or fewer than counted: the stored state is wrong, not the builder's input.
      if (!(err instanceof ReviewTreeInputError)) throw err;
      throw new IndexerStateError(`epoch ${epoch}: its stored ids are not ${leafCount} leaf hashes in order: ${err.message}`, { epoch: epoch.toString(), review: err.details["hash"], code: err.code });
    });
    await opts.onTree?.(tree);
    const head = { chainId: opts.chainId, escrow: opts.escrow, epoch, epochSeconds: opts.epochSeconds, root: tree.root, leafCount };
    const reviews = auditLeafIds(epoch, tree, epochReviewPages(tx, epoch, { ordered: true, pageRows }));
    const dataset = await saveDatasetPages(tx, head, reviews, opts.datasetPageChars);
    await tx.query(
      `INSERT INTO epochs (epoch, status, root, leaf_count, dataset_hash, dataset_pages, built_at)
       VALUES ($1, 'built', $2, $3, $4, $5, $6)`,
      [epoch, tree.root, leafCount, dataset.hash, dataset.pages, Math.floor(Date.now() / 1000)],
    );
    // The stored pages alone locate a leaf: leaves sit sorted by hash at the end of the node array.
    await saveTreePages(tx, epoch, tree.nodeBytes(), opts.treePageNodes);
    return { epoch, status: "built", root: tree.root, leafCount, datasetHash: dataset.hash, txHash: null, anchoredBlock: null };
  });
}

async function markAnchored(db: Db, epoch: bigint, txHash: Hex | null, block: bigint | null): Promise<EpochRecord> {
  await db.query(
    "UPDATE epochs SET status = 'anchored', tx_hash = COALESCE($2, tx_hash), anchored_block = COALESCE($3, anchored_block) WHERE epoch = $1",
    [epoch, txHash, block],
  );
  const record = await getEpoch(db, epoch);
  if (!record) throw new Error(`epoch ${epoch} vanished while being anchored`);
  return record;
}

/** Epochs that have reviews, have ended at `now`, and are not yet anchored, oldest first. */
export async function dueEpochs(db: Db, now: number, epochSeconds: number): Promise<bigint[]> {
  const current = BigInt(now) / BigInt(epochSeconds);
  const rows = await db.query<{ epoch: string | number }>(
    `SELECT DISTINCT r.epoch FROM reviews r LEFT JOIN epochs e ON e.epoch = r.epoch
     WHERE r.epoch < $1 AND (NOT r.orphaned OR e.status IS NOT NULL) AND (e.status IS NULL OR e.status <> 'anchored') ORDER BY r.epoch`,
    [current],
  );
  return rows.map((r) => BigInt(r.epoch));
}
