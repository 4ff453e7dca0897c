import type { Address, Hex, PublicClient } from "viem";
import { getAddress } from "viem";
import { readEscrowEvents } from "../chain/escrowEvents.js";
import { ESCROW_TASK_EVENTS, outcomeOf, statusAfter, type EscrowEventName, type SettledOutcome } from "../protocol/taskLifecycle.js";

/** What the escrow's events say happened: the chain, not the agents, is the record. */
export interface ChainReport {
  /** Keyed by `client:taskId` (the escrow's key). */
  outcomes: Map<string, SettledOutcome>;
  /** Token base units paid to workers, refunded to clients, and taken as fees. */
  paid: bigint;
  refunded: bigint;
  fees: bigint;
  earnings: Map<Address, bigint>;
  /** Mean gas of all escrow transactions of a task (funding to settlement), by outcome. */
  gasPerPath: Partial<Record<SettledOutcome, number>>;
  /** Gas of every escrow transaction in the run. */
  totalGas: bigint;
}

/** The outcome an event settles its task into, if it settles it. */
function settledBy(eventName: string): SettledOutcome | undefined {
  if (!(ESCROW_TASK_EVENTS as readonly string[]).includes(eventName)) return undefined;
  const status = statusAfter(eventName as EscrowEventName);
  return status === null ? undefined : outcomeOf(status);
}

interface Settlement {
  workerPayout?: bigint;
  clientRefund?: bigint;
  fee?: bigint;
  worker?: Address;
}

/**
 * Reads every TaskEscrow event from `fromBlock` and the receipts of their transactions.
 * A transaction that touches several tasks (a batch release) has its gas split evenly.
 */
export async function readChainReport(client: PublicClient, escrow: Address, fromBlock: bigint): Promise<ChainReport> {
  const logs = await readEscrowEvents(client, { address: escrow, fromBlock, toBlock: "latest" });
  const outcomes = new Map<string, SettledOutcome>();
  const earnings = new Map<Address, bigint>();
  const txTasks = new Map<Hex, Set<string>>();
  let paid = 0n;
  let refunded = 0n;
  let fees = 0n;
  for (const log of logs) {
    const args = log.args as Settlement & { taskId?: Hex; client?: Address };
    if (!args.taskId || !args.client) continue;
    // The escrow keys tasks by client and id: two clients' tasks under one id are two tasks.
    const taskId = `${args.client}:${args.taskId}`; // viem decodes logs checksummed and in lower case
    const tasks = txTasks.get(log.transactionHash) ?? new Set<string>();
    txTasks.set(log.transactionHash, tasks.add(taskId));
    const outcome = settledBy(log.eventName);
    if (!outcome) continue;
    outcomes.set(taskId, outcome);
    paid += args.workerPayout ?? 0n;
    refunded += args.clientRefund ?? 0n;
    fees += args.fee ?? 0n;
    if (args.worker && args.workerPayout) {
      const w = getAddress(args.worker);
      earnings.set(w, (earnings.get(w) ?? 0n) + args.workerPayout);
    }
  }
  const gasByTask = new Map<string, bigint>();
  let totalGas = 0n;
  for (const [hash, tasks] of txTasks) {
    const { gasUsed } = await client.getTransactionReceipt({ hash });
    totalGas += gasUsed;
    for (const t of tasks) gasByTask.set(t, (gasByTask.get(t) ?? 0n) + gasUsed / BigInt(tasks.size));
  }
  const sums: Partial<Record<SettledOutcome, { gas: bigint; n: number }>> = {};
  for (const [task, outcome] of outcomes) {
    const s = (sums[outcome] ??= { gas: 0n, n: 0 });
    s.gas += gasByTask.get(task) ?? 0n;
    s.n += 1;
  }
  const gasPerPath: ChainReport["gasPerPath"] = {};
  for (const [outcome, s] of Object.entries(sums) as [SettledOutcome, { gas: bigint; n: number }][]) {
    gasPerPath[outcome] = Math.round(Number(s.gas) / s.n);
  }
  return { outcomes, paid, refunded, fees, earnings, gasPerPath, totalGas };
}
