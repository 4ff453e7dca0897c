import type { Hex } from "viem";
import { SystemFaultError, UserInputError } from "../errors.js";
import { decodeRevert, failureReason } from "./decodeRevert.js";
import { juryArbiterAbi } from "./juryArbiterAbi.js";

/** JuryArbiter rejected a call with one of its custom errors (e.g. `JuryArbiterTooEarly`); the name and values are on the instance. */
export class JuryRevertError extends UserInputError {
  override name = "JuryRevertError" as const;
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(functionName: string, errorName: string, args: readonly unknown[], cause: unknown) {
    super(`JuryArbiter.${functionName} reverted with ${errorName}`, { code: "JURY_REVERT", details: { functionName, errorName, args }, cause });
    this.errorName = errorName;
    this.args = args;
  }
}

/** A JuryArbiter transaction failed for a reason that is not one of its custom errors (RPC, gas, mined revert). */
export class JuryTxError extends SystemFaultError {
  override name = "JuryTxError" as const;
  readonly hash: Hex | undefined;

  constructor(functionName: string, reason: string, cause?: unknown, hash?: Hex) {
    super(`JuryArbiter.${functionName} failed: ${reason}`, { code: "JURY_TX_FAILED", details: { hash }, cause });
    this.hash = hash;
  }
}

/** Turns whatever viem threw into one of the two errors above. */
export function toJuryError(functionName: string, err: unknown): JuryRevertError | JuryTxError {
  const revert = decodeRevert(err, juryArbiterAbi);
  return revert ? new JuryRevertError(functionName, revert.errorName, revert.args, err) : new JuryTxError(functionName, failureReason(err), err);
}
