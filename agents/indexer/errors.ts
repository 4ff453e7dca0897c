import { SystemFaultError, UserInputError } from "../errors.js";

/**
 * The indexer's errors, on the agents' one base class (agents/errors.ts). The caller's
 * mistakes are {@link UserInputError}s, faults of the chain or of the indexer's own state are
 * {@link SystemFaultError}s. The HTTP layer maps each `code` to a status (api/app.ts).
 */

/** Why a review was refused; each is a distinct, documented code. */
export type ReviewRejection =
  | "BAD_SIGNATURE"
  | "UNKNOWN_TASK"
  | "TASK_NOT_SETTLED"
  | "WRONG_PARTIES"
  | "DUPLICATE_REVIEW"
  | "RATING_OUT_OF_RANGE"
  | "TIMESTAMP_IN_FUTURE";

/** A well-formed review that the acceptance rules refuse. */
export class ReviewRejectedError extends UserInputError {
  override name = "ReviewRejectedError" as const;
  declare readonly code: ReviewRejection;
  constructor(code: ReviewRejection, message: string, details: Record<string, unknown> = {}) {
    super(message, { code, details });
  }
}

/** Input that does not match its schema (HTTP bodies, route parameters, files). */
export class InvalidInputError extends UserInputError {
  override name = "InvalidInputError" as const;
  constructor(message: string, details: Record<string, unknown> = {}, code: "INVALID_INPUT" | "INVALID_JSON" = "INVALID_INPUT") {
    super(message, { code, details });
  }
}

export class NotFoundError extends UserInputError {
  override name = "NotFoundError" as const;
  constructor(what: string, id: string) {
    super(`${what} ${id} not found`, { code: "NOT_FOUND", details: { what, id } });
  }
}

/**
 * The chain already holds a different root for an epoch we are closing. Fatal: the indexer
 * must stop rather than anchor a second root or serve proofs that do not match the chain.
 */
export class AnchorConflictError extends SystemFaultError {
  override name = "AnchorConflictError" as const;
  constructor(epoch: bigint, localRoot: string, chainRoot: string) {
    super(`epoch ${epoch} is anchored on-chain with root ${chainRoot}, not ${localRoot}`, {
      code: "ANCHOR_CONFLICT",
      details: { epoch: epoch.toString(), localRoot, chainRoot },
    });
  }
}

/** The anchoring transaction was mined but reverted, and the chain holds no root for the epoch. */
export class AnchorFailedError extends SystemFaultError {
  override name = "AnchorFailedError" as const;
  constructor(epoch: bigint, txHash: string, cause?: unknown) {
    super(`anchoring epoch ${epoch} failed (tx ${txHash})`, {
      code: "ANCHOR_FAILED",
      details: { epoch: epoch.toString(), txHash },
      cause,
    });
  }
}

/**
 * A block the indexer already ingested is no longer on the chain: a reorg deeper than the
 * configured confirmations. Fatal: the stored tasks may be wrong; raise the confirmations and
 * re-ingest from before `block`.
 */
export class ReorgDetectedError extends SystemFaultError {
  override name = "ReorgDetectedError" as const;
  constructor(block: bigint, storedHash: string, chainHash: string) {
    super(`block ${block} was ingested as ${storedHash} but the chain now has ${chainHash}`, {
      code: "REORG_DETECTED",
      details: { block: block.toString(), storedHash, chainHash },
    });
  }
}

/** The indexer's stored state contradicts itself (e.g. a stored tree lacks a stored review). */
export class IndexerStateError extends SystemFaultError {
  override name = "IndexerStateError" as const;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, { code: "INDEXER_STATE", details });
  }
}

/** The chain's RPC failed while the indexer needed it (e.g. to check an ERC-1271 signature); retry later. */
export class ChainUnavailableError extends SystemFaultError {
  override name = "ChainUnavailableError" as const;
  constructor(message: string, cause?: unknown) {
    super(message, { code: "CHAIN_UNAVAILABLE", cause });
  }
}

export class ConfigError extends UserInputError {
  override name = "ConfigError" as const;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, { code: "CONFIG_INVALID", details });
  }
}

/**
 * The indexer's epoch length differs from the one fixed in the ReputationAnchor it anchors to:
 * its epochs would not be the contract's, so it refuses to start.
 */
export class EpochLengthMismatchError extends UserInputError {
  override name = "EpochLengthMismatchError" as const;
  constructor(indexerSeconds: number, contractSeconds: number, anchor: string) {
    super(`EPOCH_SECONDS is ${indexerSeconds} but ReputationAnchor ${anchor} has epochs of ${contractSeconds} s`, {
      code: "EPOCH_LENGTH_MISMATCH",
      details: { indexerSeconds, contractSeconds, anchor },
    });
  }
}
