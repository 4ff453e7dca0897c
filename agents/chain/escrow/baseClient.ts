import { getAddress } from "viem";
import type { Address, PublicClient, WalletClient } from "viem";
import { toHash32 } from "../../protocol/codecs.js";
import { EscrowTxError } from "../escrowErrors.js";
import type { ReadEscrowEventsReturnType } from "../escrowEvents.js";
import { escrowWatch, type EscrowWatch } from "../escrowWatch.js";
import type { EscrowTask, EscrowTerms, TaskRef } from "../escrowTypes.js";

export interface EscrowClientParameters {
  publicClient: PublicClient;
  /** Signs every write; its account and chain name the party and the chain. */
  walletClient: WalletClient;
  /** The TaskEscrow contract. */
  address: Address;
  /** First block to scan for a task's events (the escrow's deployment block on a real chain). */
  fromBlock?: bigint;
}

type EventArgs<N extends "TaskFunded" | "TaskSubmitted" | "TaskDisputed"> = ReadEscrowEventsReturnType<N>[number]["args"];

/** A task's one-time events, each looked up once it can exist (see getTask). */
export interface TaskEventCache {
  funded?: Promise<EventArgs<"TaskFunded">>;
  submitted?: Promise<EventArgs<"TaskSubmitted"> | undefined>;
  disputed?: Promise<EventArgs<"TaskDisputed"> | undefined>;
  settled?: Promise<EscrowTask["settlement"]>;
}

/**
 * What every escrow action takes first (like a viem Client): the two viem clients, the contract,
 * and the caches of what never changes once seen (a task's terms and its one-time events).
 */
export interface EscrowBaseClient {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient;
  readonly address: Address;
  readonly chainId: number;
  /** The address that signs this client's transactions. */
  readonly account: Address;
  readonly fromBlock: bigint;
  readonly cache: { terms: Map<string, EscrowTerms>; events: Map<string, TaskEventCache> };
  /** The escrow's events as they are mined, polled once per public client however many parties share it (escrowWatch.ts). */
  readonly watch: EscrowWatch;
}

/** The client without its actions; throws {@link EscrowTxError} if the wallet client has no account or no chain. */
export function createEscrowBaseClient(parameters: EscrowClientParameters): EscrowBaseClient {
  const { publicClient, walletClient, address, fromBlock = 0n } = parameters;
  const account = walletClient.account?.address;
  if (!account) throw new EscrowTxError("createEscrowClient", "the wallet client has no account");
  const chainId = walletClient.chain?.id ?? publicClient.chain?.id;
  if (chainId === undefined) throw new EscrowTxError("createEscrowClient", "neither viem client names its chain");
  const cache = { terms: new Map<string, EscrowTerms>(), events: new Map<string, TaskEventCache>() };
  return { publicClient, walletClient, address: getAddress(address), chainId, account: getAddress(account), fromBlock, cache, watch: escrowWatch(publicClient, { address }) };
}

/** Cache key of a task: the contract keys tasks by (client, taskId). */
export const taskKey = (task: TaskRef): string => `${getAddress(task.client)}:${toHash32(task.taskId)}`;
