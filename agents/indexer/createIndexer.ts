import { getAddress, type Address, type Hex } from "viem";
import { parseSignedReview } from "../protocol/review.js";
import type { AgentReviewsResponse, ReviewAccepted, ReviewResponse, EpochResponse } from "./api/schemas.js";
import { createApp } from "./api/app.js";
import { fastReviewRoutes } from "./api/fastRoutes.js";
import { tokenBuckets } from "../http/rateLimit.js";
import { viemAnchorPort } from "./anchorPort.js";
import { closeEpoch, dueEpochs } from "./closeEpoch.js";
import { DAY_SECONDS, epochBounds } from "./epochs.js";
import { EpochLengthMismatchError, InvalidInputError, NotFoundError } from "./errors.js";
import { readEpochSeconds } from "../chain/anchor.js";
import { ingestOnce, type IngestResult } from "./ingest.js";
import { createReviewBatcher } from "./reviews.js";
import { SCORE_PARAMS } from "./scores.js";
import { reputationApi } from "./reputationApi.js";
import { createProofLookup } from "./proofs.js";
import { freshEpoch } from "./freshEpoch.js";
import { getEpochDataset, reviewsAbout, type EpochRecord } from "./store.js";
import { createReviewReader, type ReviewResponseWire } from "./reviewReader.js";
import { createRegistryMirror, registryApi } from "./registry/registryMirror.js";
import type { IndexerOptions } from "./indexerOptions.js";
import { replicaState, type ReplicaState } from "./db/replicaState.js";
import { juryApi } from "./jury/juryMirror.js";
import { calibrationApi } from "./calibration.js";

export type Indexer = Awaited<ReturnType<typeof createIndexer>>;

/**
 * The reputation indexer as one object: ingestion, review intake, epoch closing, queries and
 * the HTTP app, all over injected clients and database.
 *
 * @throws EpochLengthMismatchError when `epochSeconds` differs from the anchor contract's.
 *
 * @example
 * const indexer = await createIndexer({ db, publicClient, walletClient, escrow, anchor, epochSeconds: 60 });
 * await indexer.ingestOnce();
 * const { id } = await indexer.submitReview(signedReviewJson);
 * await indexer.closeDueEpochs();
 */
export async function createIndexer(opts: IndexerOptions) {
  const { db, publicClient } = opts;
  // Reads that may be slightly stale go to the replica when there is one; writes stay on db.
  const reads = opts.readDb ?? db;
  const primary = opts.readDb ? db : null;
  const escrow = getAddress(opts.escrow);
  const chainId = await publicClient.getChainId();
  const epochSeconds = opts.epochSeconds ?? DAY_SECONDS;
  const confirmations = opts.confirmations ?? 2;
  const clock = opts.clock ?? (() => Math.floor(Date.now() / 1000));
  const scoreParams = { ...SCORE_PARAMS, minTaskValue: opts.minTaskValue ?? SCORE_PARAMS.minTaskValue };
  const proofs = createProofLookup(reads);
  const intake = createReviewBatcher({ db, publicClient, chainId, escrow, epochSeconds, clock });
  const anchor = opts.anchor ? getAddress(opts.anchor) : null;
  const reviews = createReviewReader({ db: reads, chainId, escrow, anchor, proofs, ...(primary ? { primary: { db: primary, proofs: createProofLookup(primary) } } : {}) });
  if (anchor) {
    const onChain = await readEpochSeconds(publicClient, anchor);
    if (onChain !== epochSeconds) throw new EpochLengthMismatchError(epochSeconds, onChain, anchor);
  }
  const port =
    opts.anchorPort ?? (anchor && opts.walletClient ? viemAnchorPort({ publicClient, walletClient: opts.walletClient, address: anchor }) : null);

  const mirror = opts.registry ? createRegistryMirror({ ...opts.registry, db, readDb: reads, publicClient, chainId, confirmations, clock }) : null;

  const indexer = {
    chainId,
    escrow,
    epochSeconds,
    ...registryApi(mirror),
    ...calibrationApi(reads),
    ...reputationApi(reads, scoreParams, clock),
    ...juryApi({ db, readDb: reads, publicClient, chainId, confirmations, jury: opts.jury, teamFactory: opts.teamFactory }),

    /** Ingests every confirmed escrow event not yet stored. */
    ingestOnce(): Promise<IngestResult> {
      return ingestOnce({ db, publicClient, chainId, escrow, confirmations, ...(opts.startBlock === undefined ? {} : { startBlock: opts.startBlock }) });
    },

    /** Validates (zod) and accepts a signed review in the next group-committed batch; throws a typed error with a code otherwise. */
    async submitReview(input: unknown): Promise<ReviewAccepted> {
      const parsed = parseSignedReview(input);
      if (!parsed.success) throw new InvalidInputError("review does not match the SignedReview schema", { issues: parsed.issues });
      const accepted = await intake.submit(parsed.data);
      return { id: accepted.id, status: "accepted", epoch: accepted.epoch.toString(), outcome: accepted.outcome };
    },

    /** A review with its epoch and, once anchored, its proof and root. */
    getReview: (id: Hex): Promise<ReviewResponse> => reviews.review(id),
    /** The same in its wire form, built without a zod pass (GET /reviews/:id serves it). */
    getReviewWire: (id: Hex): Promise<ReviewResponseWire> => reviews.wire(id),

    /**
     * Every anchored review about `address`, each with its proof: what a manager checks against
     * the on-chain roots before it lets the indexer's history count (unanchored ones are left out).
     */
    async reviewsOf(address: Address): Promise<AgentReviewsResponse> {
      const subject = getAddress(address);
      return { address: subject, reviews: await reviews.anchored(await reviewsAbout(reads, subject)) };
    },

    /** Closes and anchors every ended epoch that has reviews, oldest first; resumes half-done ones. */
    async closeDueEpochs(): Promise<EpochRecord[]> {
      if (!port) return [];
      const done: EpochRecord[] = [];
      for (const epoch of await dueEpochs(db, clock(), epochSeconds)) {
        done.push(await closeEpoch({ db, anchor: port, chainId, escrow, epochSeconds }, epoch));
      }
      return done;
    },

    async epoch(n: bigint): Promise<EpochResponse> {
      const { record: e } = await freshEpoch(reads, primary, n);
      if (!e) throw new NotFoundError("epoch", n.toString());
      const { start, end } = epochBounds(n, epochSeconds);
      return {
        epoch: n.toString(),
        status: e.status,
        root: e.root,
        leafCount: e.leafCount,
        datasetHash: e.datasetHash,
        txHash: e.txHash,
        anchoredBlock: e.anchoredBlock === null ? null : e.anchoredBlock.toString(),
        start: start.toString(),
        end: end.toString(),
      };
    },

    /** The epoch's dataset in pieces to stream: byte for byte the text whose keccak256 is anchored. */
    async dataset(n: bigint): Promise<AsyncIterable<string>> {
      // Immutable once written, with the epoch's built row: a replica without it yet leaves it to the primary.
      const pieces = (await getEpochDataset(reads, n)) ?? (primary ? await getEpochDataset(primary, n) : null);
      if (pieces === null) throw new NotFoundError("epoch", n.toString());
      return pieces;
    },

    /** Liveness plus where ingestion and anchoring stand, and the read replica when there is one (PostgreSQL). */
    async health(): Promise<{ ok: true; chainId: number; escrow: Address; anchor: Address | null; nextBlock: string | null; lastAnchoredEpoch: string | null; readReplica?: ReplicaState }> {
      const [cursor] = await db.query<{ next_block: string | number }>(
        "SELECT next_block FROM ingest_cursor WHERE chain_id = $1 AND escrow = $2",
        [chainId, escrow],
      );
      const [last] = await db.query<{ max: string | number | null }>("SELECT MAX(epoch) AS max FROM epochs WHERE status = 'anchored'");
      return {
        ok: true,
        chainId,
        escrow,
        anchor,
        nextBlock: cursor ? String(cursor.next_block) : null,
        lastAnchoredEpoch: last?.max == null ? null : String(last.max),
        ...(primary && reads.kind === "postgres" ? { readReplica: await replicaState(reads, primary) } : {}),
      };
    },
  };
  // One set of per-client buckets for the hono app and the node:http fast path of the hot routes.
  const http = { bodyLimit: opts.bodyLimit ?? 16 * 1024, rateLimit: opts.rateLimit ? tokenBuckets(opts.rateLimit) : (false as const) };
  return { ...indexer, app: createApp(indexer, http), fastRoutes: fastReviewRoutes(indexer, http) };
}
