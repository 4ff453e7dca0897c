import type { Hex } from "viem";
import { SystemFaultError, UserInputError } from "../errors.js";
import { decodeRevert, failureReason } from "./decodeRevert.js";

/**
 * The identity registry rejected a call with one of its custom errors (e.g.
 * `IdentityRegistryInvalidWalletProof`, `IdentityRegistryProofReused`) or an OZ ERC-721 error.
 * Retrying unchanged fails the same way.
 */
export class RegistryRevertError extends UserInputError {
  override name = "RegistryRevertError" as const;
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(functionName: string, errorName: string, args: readonly unknown[], cause: unknown) {
    super(`IdentityRegistry.${functionName} reverted with ${errorName}`, {
      code: "REGISTRY_REVERT",
      details: { functionName, errorName, args },
      cause,
    });
    this.errorName = errorName;
    this.args = args;
  }
}

/** The call failed for a reason that is not a decodable registry error (RPC, gas, mined revert). */
export class RegistryTxError extends SystemFaultError {
  override name = "RegistryTxError" as const;

  constructor(functionName: string, reason: string, cause?: unknown, hash?: Hex) {
    super(`IdentityRegistry.${functionName} failed: ${reason}`, { code: "REGISTRY_TX_FAILED", details: { hash }, cause });
  }
}

/** Turns whatever viem threw into one of the two errors above. */
export function toRegistryError(functionName: string, err: unknown): RegistryRevertError | RegistryTxError {
  const revert = decodeRevert(err);
  return revert ? new RegistryRevertError(functionName, revert.errorName, revert.args, err) : new RegistryTxError(functionName, failureReason(err), err);
}
