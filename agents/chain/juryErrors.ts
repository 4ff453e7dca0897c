import { BaseError, ContractFunctionRevertedError, decodeErrorResult } from "viem";
import type { Hex } from "viem";
import { SystemFaultError, UserInputError } from "../errors.js";
import { revertData } from "./escrowErrors.js";
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
  if (!(err instanceof BaseError)) return new JuryTxError(functionName, err instanceof Error ? err.message : String(err), err);
  const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName) {
    return new JuryRevertError(functionName, reverted.data.errorName, reverted.data.args ?? [], err);
  }
  const data = revertData(err);
  if (data) {
    try {
      const decoded = decodeErrorResult({ abi: juryArbiterAbi, data });
      return new JuryRevertError(functionName, decoded.errorName, decoded.args ?? [], err);
    } catch {
      // not one of ours: fall through
    }
  }
  return new JuryTxError(functionName, err.shortMessage, err);
}
