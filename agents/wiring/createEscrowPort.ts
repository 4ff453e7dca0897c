import { getAddress, isAddressEqual, zeroHash, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { createTaskEscrow } from "../chain/escrow.js";
import { readEscrowEvents } from "../chain/escrowEvents.js";
import type { EscrowPort, EscrowTask, TaskRef } from "../runtime/ports.js";

/**
 * One party's {@link EscrowPort} over the viem TaskEscrow binding: writes are signed by
 * `walletClient`, reads and the event scans that recovery relies on go through `publicClient`.
 *
 * @example
 * const escrow = await createEscrowPort({ publicClient, walletClient: workerWallet, address });
 * const mine = await escrow.tasksWhere("worker", escrow.account); // [{ client, taskId }, ...]
 */
export async function createEscrowPort(c: {
  publicClient: PublicClient;
  walletClient: WalletClient;
  address: Address;
  fromBlock?: bigint;
}): Promise<EscrowPort> {
  const binding = createTaskEscrow(c);
  const chainId = await c.publicClient.getChainId();
  const account = c.walletClient.account?.address;
  if (!account) throw new Error("createEscrowPort: the wallet client has no account");
  const fromBlock = c.fromBlock ?? 0n;

  async function getTask(task: TaskRef): Promise<EscrowTask> {
    const v = await binding.getTask(task);
    return {
      taskId: task.taskId,
      status: v.status,
      client: v.terms.client,
      worker: v.terms.worker,
      arbiter: v.terms.arbiter,
      token: v.terms.token,
      amount: v.terms.amount,
      specHash: v.specHash,
      deadline: v.terms.deadline,
      reviewPeriod: v.terms.reviewPeriod,
      resultHash: v.submission?.resultHash ?? zeroHash,
      reviewDeadline: v.submission?.reviewDeadline ?? 0n,
      rulingDeadline: v.dispute?.rulingDeadline ?? 0n,
    };
  }

  async function tasksWhere(role: "client" | "worker" | "arbiter", who: Address): Promise<TaskRef[]> {
    const args = role === "client" ? { client: who } : role === "worker" ? { worker: who } : {};
    const logs = await readEscrowEvents(c.publicClient, { address: c.address, eventName: "TaskFunded", args, fromBlock });
    return logs
      .filter((l) => role !== "arbiter" || (l.args.arbiter !== undefined && isAddressEqual(l.args.arbiter, who)))
      .map((l) => ({ client: l.args.client!, taskId: l.args.taskId!.toLowerCase() as Hex }));
  }

  return {
    address: getAddress(c.address),
    chainId,
    account: getAddress(account),
    fund: (bid, signature) => binding.fund(bid, signature),
    submit: binding.submit,
    release: binding.release,
    autoRelease: binding.autoRelease,
    dispute: binding.dispute,
    rule: binding.rule,
    cancel: binding.cancel,
    settleFallback: binding.settleFallback,
    refund: binding.refund,
    decline: binding.decline,
    getTask,
    tasksWhere,
    now: async () => (await c.publicClient.getBlock({ blockTag: "latest" })).timestamp,
  };
}
