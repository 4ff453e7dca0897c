import type { Address, PublicClient, WalletClient } from "viem";
import type { RateLimitOptions } from "../http/rateLimit.js";
import type { AnchorPort } from "./closeEpoch.js";
import type { Db } from "./db/Db.js";
import type { RegistryMirrorOptions } from "./registry/registryMirror.js";
import type { JuryMirrorOptions } from "./jury/juryMirror.js";

export interface IndexerOptions {
  db: Db;
  /**
   * Where the API's reads go (default `db`): a read replica through db/readReplica.ts
   * `replicaReads`. Reviews, proofs, epochs, datasets, scores and lists are read there, with
   * what the replica has not replayed yet (a review just accepted, an epoch just anchored) looked
   * for on `db`; intake, ingestion, epoch closing and health use `db` alone.
   */
  readDb?: Db;
  publicClient: PublicClient;
  escrow: Address;
  /** The ReputationAnchor contract; without it reviews are stored and served but never anchored. */
  anchor?: Address;
  /** Signs the anchoring transactions (the contract's `anchorer()`); without it epochs are not closed. */
  walletClient?: WalletClient;
  /** Overrides how the ReputationAnchor is read and written (default: anchorPort.ts `viemAnchorPort`). */
  anchorPort?: AnchorPort;
  /** Epoch length in seconds (default one UTC day); must equal the anchor contract's EPOCH_SECONDS. */
  epochSeconds?: number;
  /** Blocks on top of a log before it is ingested (default 2). */
  confirmations?: number;
  /** Block to start ingesting from when no cursor is stored (the escrow's deployment block). */
  startBlock?: bigint;
  /** Unix seconds; injectable so tests and demos control epochs. */
  clock?: () => number;
  /** Largest accepted HTTP body in bytes (default 16 KiB). */
  bodyLimit?: number;
  /** Tasks that locked less than this (token base units) carry no reputation weight (default scores.ts `SCORE_PARAMS.minTaskValue`). */
  minTaskValue?: bigint;
  /** Per-client rate limit of the HTTP API (default none; `npm run indexer` sets one from RATE_LIMIT_*). */
  rateLimit?: RateLimitOptions | false;
  /** The ERC-8004 identity registry to mirror for GET /agents (default none). */
  registry?: RegistryMirrorOptions;
  /** A JuryArbiter to follow for jurors' records (GET /agents/:address/juror; default none). */
  jury?: JuryMirrorOptions["jury"];
  /** A TeamAccountFactory to follow for team membership (team reviews credit members; default none). */
  teamFactory?: JuryMirrorOptions["teamFactory"];
}

