/**
 * The indexer's errors. One base class carries a stable machine-readable `code`, a short
 * message, optional details and the cause; subclasses separate the caller's mistakes
 * ({@link ReviewRejectedError}, {@link InvalidInputError}, {@link NotFoundError}) from system
 * faults ({@link AnchorConflictError}, {@link ConfigError}). The HTTP layer maps `code` to a status.
 */
export class IndexerError extends Error {
  override name = "IndexerError";
  readonly code: string;
  readonly details?: unknown;

  constructor(code: string, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.details !== undefined) this.details = options.details;
  }
}

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
export class ReviewRejectedError extends IndexerError {
  override name = "ReviewRejectedError" as const;
  declare readonly code: ReviewRejection;
  constructor(code: ReviewRejection, message: string, details?: unknown) {
    super(code, message, { details });
  }
}

/** Input that does not match its schema (HTTP bodies, files, config). */
export class InvalidInputError extends IndexerError {
  override name = "InvalidInputError" as const;
  constructor(message: string, details?: unknown) {
    super("INVALID_INPUT", message, { details });
  }
}

export class NotFoundError extends IndexerError {
  override name = "NotFoundError" as const;
  constructor(what: string, id: string) {
    super("NOT_FOUND", `${what} ${id} not found`, { details: { what, id } });
  }
}

/**
 * The chain already holds a different root for an epoch we are closing. Fatal: the indexer
 * must stop rather than anchor a second root or serve proofs that do not match the chain.
 */
export class AnchorConflictError extends IndexerError {
  override name = "AnchorConflictError" as const;
  constructor(epoch: bigint, localRoot: string, chainRoot: string) {
    super("ANCHOR_CONFLICT", `epoch ${epoch} is anchored on-chain with root ${chainRoot}, not ${localRoot}`, {
      details: { epoch: epoch.toString(), localRoot, chainRoot },
    });
  }
}

/** The anchoring transaction was mined but reverted. */
export class AnchorFailedError extends IndexerError {
  override name = "AnchorFailedError" as const;
  constructor(epoch: bigint, txHash: string, cause?: unknown) {
    super("ANCHOR_FAILED", `anchoring epoch ${epoch} failed (tx ${txHash})`, {
      details: { epoch: epoch.toString(), txHash },
      cause,
    });
  }
}

export class ConfigError extends IndexerError {
  override name = "ConfigError" as const;
  constructor(message: string, details?: unknown) {
    super("CONFIG_INVALID", message, { details });
  }
}
