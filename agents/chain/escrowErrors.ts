import type { Address, Hex } from "viem";
import { SystemFaultError, UserInputError } from "../errors.js";
import { taskEscrowAbi } from "./taskEscrowAbi.js";
import { decodeRevert, failureReason } from "./decodeRevert.js";

/**
 * The escrow rejected a call with one of its custom errors (e.g. `TaskEscrowTooEarly`). The
 * decoded error name and arguments are on the instance; retrying unchanged fails the same way.
 *
 * @example
 * catch (e) { if (e instanceof EscrowRevertError && e.errorName === "TaskEscrowInvalidSignature") dropBid(); }
 */
export class EscrowRevertError extends UserInputError {
  override name = "EscrowRevertError" as const;
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(functionName: string, errorName: string, args: readonly unknown[], cause: unknown) {
    super(`TaskEscrow.${functionName} reverted with ${errorName}`, {
      code: "ESCROW_REVERT",
      details: { functionName, errorName, args },
      cause,
    });
    this.errorName = errorName;
    this.args = args;
  }
}

/**
 * This client never funded an escrow under this task id (or it is before the binding's `fromBlock`).
 *
 * @example
 * catch (e) { if (e instanceof EscrowTaskNotFoundError) console.log("never funded", e.details.taskId); }
 */
export class EscrowTaskNotFoundError extends UserInputError {
  override name = "EscrowTaskNotFoundError" as const;
  readonly taskId: Hex;
  readonly client: Address;

  constructor(taskId: Hex, client: Address) {
    super(`no escrow funded by ${client} for task ${taskId}`, { code: "ESCROW_TASK_NOT_FOUND", details: { taskId, client } });
    this.taskId = taskId;
    this.client = client;
  }
}

/**
 * The transaction failed for a reason that is not a decodable escrow error (RPC, gas, mined revert).
 *
 * @example
 * catch (e) { if (e instanceof EscrowTxError) console.error("transaction failed", e.details, e.cause); }
 */
export class EscrowTxError extends SystemFaultError {
  override name = "EscrowTxError" as const;
  readonly hash: Hex | undefined;

  constructor(functionName: string, reason: string, cause?: unknown, hash?: Hex) {
    super(`TaskEscrow.${functionName} failed: ${reason}`, { code: "ESCROW_TX_FAILED", details: { hash }, cause });
    this.hash = hash;
  }
}

/** Turns whatever viem threw into one of the two errors above. */
export function toEscrowError(functionName: string, err: unknown): EscrowRevertError | EscrowTxError {
  const revert = decodeRevert(err, taskEscrowAbi);
  return revert ? new EscrowRevertError(functionName, revert.errorName, revert.args, err) : new EscrowTxError(functionName, failureReason(err), err);
}
