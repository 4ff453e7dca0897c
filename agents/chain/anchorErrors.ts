import type { Hex } from "viem";
import { SystemFaultError, UserInputError } from "../errors.js";
import { decodeRevert, failureReason } from "./decodeRevert.js";

/**
 * ReputationAnchor rejected a call with one of its custom errors (e.g.
 * `ReputationAnchorEpochNotAfterLatest`, `ReputationAnchorNotAnchorer`) or OZ's `OwnableUnauthorizedAccount`. The decoded
 * error name and arguments are on the instance; retrying unchanged fails the same way.
 */
export class AnchorRevertError extends UserInputError {
  override name = "AnchorRevertError" as const;
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(functionName: string, errorName: string, args: readonly unknown[], cause: unknown) {
    super(`ReputationAnchor.${functionName} reverted with ${errorName}`, {
      code: "ANCHOR_REVERT",
      details: { functionName, errorName, args },
      cause,
    });
    this.errorName = errorName;
    this.args = args;
  }
}

/** The call failed for a reason that is not a decodable anchor error (RPC, gas, mined revert). */
export class AnchorTxError extends SystemFaultError {
  override name = "AnchorTxError" as const;
  readonly hash: Hex | undefined;

  constructor(functionName: string, reason: string, cause?: unknown, hash?: Hex) {
    super(`ReputationAnchor.${functionName} failed: ${reason}`, { code: "ANCHOR_TX_FAILED", details: { hash }, cause });
    this.hash = hash;
  }
}

/** Turns whatever viem threw into one of the two errors above. */
export function toAnchorError(functionName: string, err: unknown): AnchorRevertError | AnchorTxError {
  const revert = decodeRevert(err);
  return revert ? new AnchorRevertError(functionName, revert.errorName, revert.args, err) : new AnchorTxError(functionName, failureReason(err), err);
}
