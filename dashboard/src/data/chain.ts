import { createPublicClient, erc20Abi, http, type Address, type Hex, type PublicClient } from "viem";
import { reputationAnchorAbi } from "../../../agents/chain/reputationAnchorAbi.js";
import type { DashboardConfig } from "../../../agents/dashboard/config.js";
import type { EscrowEvent } from "../../../agents/dashboard/model/tasks.js";
import { escrowEventsAbi, type EscrowEventName } from "../../../agents/indexer/escrowEvents.js";
import { serverUrl } from "./config.js";

/** An anchored epoch as ReputationAnchor's RootAnchored event records it. */
export interface EpochRow {
  epoch: bigint;
  root: Hex;
  leafCount: bigint;
  datasetHash: Hex;
  block: bigint;
  time: number;
}

/** Blocks per eth_getLogs request (what common public RPCs accept). */
const LOG_RANGE = 10_000n;

export interface TokenInfo {
  symbol: string;
  decimals: number;
}

/**
 * Reads the escrow's events and the anchor's epochs through the dashboard's JSON-RPC relay,
 * incrementally: each refresh asks only for blocks after the last one it saw.
 */
export class ChainReader {
  readonly client: PublicClient;
  readonly events: EscrowEvent[] = [];
  readonly epochs: EpochRow[] = [];
  readonly tokens = new Map<string, TokenInfo>();
  head = 0n;
  headTime = 0;
  private nextEscrowBlock: bigint;
  private nextAnchorBlock: bigint;
  private readonly times = new Map<bigint, number>();

  constructor(readonly config: DashboardConfig) {
    this.client = createPublicClient({ transport: http(serverUrl(config.rpcPath), { batch: true, retryCount: 1 }) }) as PublicClient;
    this.nextEscrowBlock = BigInt(config.escrowBlock);
    this.nextAnchorBlock = BigInt(config.anchorBlock);
  }

  private async timeOf(block: bigint): Promise<number> {
    let t = this.times.get(block);
    if (t === undefined) {
      t = Number((await this.client.getBlock({ blockNumber: block })).timestamp);
      this.times.set(block, t);
    }
    return t;
  }

  /** Reads what is new, up to the current head (a long history over several refreshes). */
  async refresh(): Promise<void> {
    const chainHead = await this.client.getBlockNumber({ cacheTime: 0 });
    // Public RPCs cap eth_getLogs ranges: read at most LOG_RANGE blocks per refresh and catch up over refreshes.
    const head = chainHead < this.nextEscrowBlock + LOG_RANGE ? chainHead : this.nextEscrowBlock + LOG_RANGE - 1n;
    if (head >= this.nextEscrowBlock) {
      const logs = await this.client.getContractEvents({ address: this.config.escrow, abi: escrowEventsAbi, fromBlock: this.nextEscrowBlock, toBlock: head });
      await Promise.all([...new Set(logs.map((l) => l.blockNumber))].map((b) => this.timeOf(b)));
      for (const l of logs) {
        this.events.push({ name: l.eventName as EscrowEventName, args: l.args as Record<string, unknown>, block: l.blockNumber, logIndex: l.logIndex, time: this.times.get(l.blockNumber)! });
        if (l.eventName === "TaskFunded") await this.token((l.args as { token: Address }).token);
      }
      this.nextEscrowBlock = head + 1n;
    }
    const anchorHead = chainHead < this.nextAnchorBlock + LOG_RANGE ? chainHead : this.nextAnchorBlock + LOG_RANGE - 1n;
    if (this.config.anchor && anchorHead >= this.nextAnchorBlock) {
      const logs = await this.client.getContractEvents({ address: this.config.anchor, abi: reputationAnchorAbi, eventName: "RootAnchored", fromBlock: this.nextAnchorBlock, toBlock: anchorHead });
      for (const l of logs) {
        const a = l.args as { epoch: bigint; root: Hex; leafCount: bigint; datasetHash: Hex };
        this.epochs.push({ epoch: a.epoch, root: a.root, leafCount: a.leafCount, datasetHash: a.datasetHash, block: l.blockNumber, time: await this.timeOf(l.blockNumber) });
      }
      this.nextAnchorBlock = anchorHead + 1n;
    }
    this.head = head;
    this.headTime = await this.timeOf(head);
  }

  private async token(address: Address): Promise<void> {
    const key = address.toLowerCase();
    if (this.tokens.has(key)) return;
    const read = <T,>(functionName: "symbol" | "decimals", fallback: T) =>
      this.client.readContract({ address, abi: erc20Abi, functionName }).then((v) => v as T, () => fallback);
    this.tokens.set(key, { symbol: await read("symbol", address.slice(0, 8)), decimals: await read("decimals", 18) });
  }
}
