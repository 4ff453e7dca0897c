import type { Hex, WalletClient } from "viem";
import { EscrowTxError, toEscrowError, type EscrowRevertError, type EscrowTaskNotFoundError } from "../escrowErrors.js";
import { coldTermsHash, hotTerms } from "../escrowTerms.js";
import type { TaskRef, TxResult } from "../escrowTypes.js";
import { taskEscrowAbi } from "../taskEscrowAbi.js";
import type { EscrowBaseClient } from "./baseClient.js";
import { getTerms } from "./actions/getTerms.js";

/** TaskEscrow's state-changing functions the actions call. */
export type EscrowWriteName =
  | "fund" | "fundWithPermit" | "fundFromCredit" | "submit" | "submitForCredit" | "deposit" | "collectFees"
  | "release" | "releaseCompact" | "autoRelease" | "dispute" | "rule" | "settleFallback" | "refund" | "decline"
  | "cancel" | "withdrawCancelRequest" | "releaseBatch" | "autoReleaseBatch" | "cancelNonce" | "withdraw";

/** What a write action throws: the contract's custom error, an unknown task, or any other failure. */
export type EscrowWriteErrorType = EscrowRevertError | EscrowTaskNotFoundError | EscrowTxError;

/** Sends one transaction from the client's account and waits for its receipt. */
export async function writeEscrow(client: EscrowBaseClient, functionName: EscrowWriteName, args: readonly unknown[]): Promise<TxResult> {
  const { walletClient, publicClient, address } = client;
  const account = walletClient.account;
  if (!account) throw new EscrowTxError(functionName, "the wallet client has no account");
  let hash: Hex;
  try {
    hash = await walletClient.writeContract({
      address,
      abi: taskEscrowAbi,
      functionName,
      args,
      account,
      chain: walletClient.chain,
    } as unknown as Parameters<WalletClient["writeContract"]>[0]);
  } catch (err) {
    throw toEscrowError(functionName, err);
  }
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new EscrowTxError(functionName, "transaction reverted", undefined, hash);
  return { hash, gasUsed: receipt.gasUsed };
}

/** A call on one funded task: `(taskId, terms, ...extra)`, the terms rebuilt from its TaskFunded event. */
export async function writeWithTerms(client: EscrowBaseClient, functionName: EscrowWriteName, task: TaskRef, extra: readonly unknown[] = []) {
  return writeEscrow(client, functionName, [task.taskId, await getTerms(client, task), ...extra]);
}

/** The compact entry points pass the hot terms and one hash of the rest (less calldata). */
export async function writeWithHotTerms(client: EscrowBaseClient, functionName: EscrowWriteName, task: TaskRef, extra: readonly unknown[] = []) {
  const terms = await getTerms(client, task);
  return writeEscrow(client, functionName, [task.taskId, hotTerms(terms), coldTermsHash(terms), ...extra]);
}

/** A batch call: `(taskIds[], terms[])`. */
export async function writeBatch(client: EscrowBaseClient, functionName: "releaseBatch" | "autoReleaseBatch" | "collectFees", tasks: readonly TaskRef[]) {
  return writeEscrow(client, functionName, [tasks.map((t) => t.taskId), await Promise.all(tasks.map((t) => getTerms(client, t)))]);
}
