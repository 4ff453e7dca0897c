import type { Address, Hex } from "viem";
import { toHash32 } from "../protocol/codecs.js";
import type { z } from "zod";
import { ReviewResponse } from "./api/schemas.js";
import { checksumAddress } from "./checksumAddress.js";
import type { Db } from "./db/Db.js";
import { NotFoundError } from "./errors.js";
import type { createProofLookup } from "./proofs.js";
import { freshEpoch } from "./freshEpoch.js";
import { REVIEW_COLUMNS, toReview, type EpochRecord, type ReviewRow, type StoredReview } from "./store.js";

/** GET /reviews/:id as it goes on the wire (what `ReviewResponse.encode` gives). */
export type ReviewResponseWire = z.input<typeof ReviewResponse>;

/** Most ids read in one query. */
const MAX_IDS = 500;

/**
 * Reads stored reviews by id, every id asked for in one turn of the event loop in one query
 * (`id = ANY($1)`, prepared once per connection): under load, one database round trip serves
 * many GET /reviews/:id.
 *
 * @example
 * const read = batchedReviewReads(db);
 * const review = await read(id); // null when absent
 */
export function batchedReviewReads(db: Db): (id: Hex) => Promise<StoredReview | null> {
  let waiting: Map<Hex, { resolve(r: StoredReview | null): void; reject(e: unknown): void }[]> | null = null;

  function flush(): void {
    const batch = waiting!;
    waiting = null;
    const ids = [...batch.keys()];
    for (let from = 0; from < ids.length; from += MAX_IDS) {
      const chunk = ids.slice(from, from + MAX_IDS);
      db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE id = ANY($1::text[])`, [chunk], { name: "reviews_by_id" }).then(
        (rows) => {
          const found = new Map(rows.map((r) => [toHash32(r.id), r]));
          for (const id of chunk) {
            const row = found.get(id);
            const review = row ? toReview(row) : null;
            for (const w of batch.get(id)!) w.resolve(review);
          }
        },
        (err: unknown) => chunk.forEach((id) => batch.get(id)!.forEach((w) => w.reject(err))),
      );
    }
  }

  return (id) =>
    new Promise((resolve, reject) => {
      if (!waiting) {
        waiting = new Map();
        setImmediate(flush);
      }
      const key = toHash32(id);
      const list = waiting.get(key);
      if (list) list.push({ resolve, reject });
      else waiting.set(key, [{ resolve, reject }]);
    });
}

/**
 * GET /reviews/:id for one indexer: the stored review in its wire form with its epoch and, once
 * the epoch is anchored, its proof (from the tree pages) and root. Built field by field, with no
 * zod pass per request: `test/indexer/fastRoutes.test.ts` checks it against
 * `ReviewResponse.encode`. Addresses are checksummed with our WASM keccak (checksumAddress.ts).
 * An anchored epoch's record is read once (roots never change); a list of reviews reads each
 * other epoch it touches once, however many of its reviews are listed.
 *
 * @example
 * const reader = createReviewReader({ db, chainId, escrow, anchor, proofs });
 * const body = JSON.stringify(await reader.wire(id));
 */
export function createReviewReader(o: {
  db: Db;
  chainId: number;
  escrow: Address;
  anchor: Address | null;
  proofs: ReturnType<typeof createProofLookup>;
  /** When `db` is a read replica: the primary, asked for what the replica has not replayed yet. */
  primary?: { db: Db; proofs: ReturnType<typeof createProofLookup> };
}) {
  const read = batchedReviewReads(o.db);
  const readPrimary = o.primary ? batchedReviewReads(o.primary.db) : null;
  const anchoredEpochs = new Map<bigint, EpochRecord>();

  async function wire(id: Hex): Promise<ReviewResponseWire> {
    // Read-your-write: a review just accepted may not be on the replica yet.
    const r = (await read(id)) ?? (readPrimary ? await readPrimary(id) : null);
    if (!r) throw new NotFoundError("review", id);
    return wireOf(r, new Map());
  }

  /** `r` in its wire form; `epochs` holds the epoch records this request has read (or is reading). */
  async function wireOf(r: StoredReview, epochs: Map<bigint, ReturnType<typeof freshEpoch>>): Promise<ReviewResponseWire> {
    const review: ReviewResponseWire["review"] = {
      taskId: toHash32(r.taskId),
      reviewer: checksumAddress(r.reviewer),
      subject: checksumAddress(r.subject),
      rating: r.rating,
      commentHash: toHash32(r.commentHash),
      timestamp: r.timestamp.toString(),
      signature: toHash32(r.signature),
      worker: checksumAddress(r.worker),
      claimedSuccessBps: r.claimedSuccessBps,
      deliveredBps: r.deliveredBps,
      outcome: r.outcome,
    };
    const where = { chainId: o.chainId, escrow: o.escrow, anchor: o.anchor };
    const head = { id: r.id, review, epoch: r.epoch.toString(), leafHash: r.id };
    const cached = anchoredEpochs.get(r.epoch);
    // With a replica: an epoch it does not show anchored yet is answered as the primary has it, proof included.
    let reading = epochs.get(r.epoch);
    if (!cached && !reading) epochs.set(r.epoch, (reading = freshEpoch(o.db, o.primary?.db ?? null, r.epoch)));
    const { record: epoch, onPrimary } = cached ? { record: cached, onPrimary: false } : await reading!;
    if (!epoch || epoch.status !== "anchored") return { ...head, anchored: false, ...where };
    // An anchored epoch never changes (roots are append-only): one database read per proof less.
    if (!onPrimary && !cached) anchoredEpochs.set(epoch.epoch, epoch);
    const proof = await (onPrimary ? o.primary!.proofs : o.proofs).proofOf(r.epoch, r.id);
    return { ...head, anchored: true, proof, root: epoch.root, ...(epoch.txHash ? { anchorTx: epoch.txHash } : {}), ...where };
  }

  return {
    /** The wire form, ready for JSON.stringify. */
    wire,
    /** The same, parsed (bigint timestamp): what in-process callers use. */
    async review(id: Hex): Promise<ReviewResponse> {
      return ReviewResponse.parse(await wire(id));
    },
    /**
     * The anchored ones of `rows` (stored reviews already read), parsed, each with its proof:
     * `GET /agents/:address/reviews`. Each epoch they touch is read once for the whole list.
     */
    async anchored(rows: readonly StoredReview[]): Promise<ReviewResponse[]> {
      const epochs = new Map<bigint, ReturnType<typeof freshEpoch>>();
      const all = await Promise.all(rows.map((r) => wireOf(r, epochs)));
      return all.filter((w) => w.anchored).map((w) => ReviewResponse.parse(w));
    },
  };
}
