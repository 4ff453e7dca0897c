import { getAddress, type Address, type Hex, type PublicClient } from "viem";
import type { EscrowEventName } from "../protocol/taskLifecycle.js";
import { readEscrowEvents } from "./escrowEvents.js";

/** One task event, as much of it as a follower needs to know which task moved and whose it is. */
export interface EscrowChange {
  eventName: EscrowEventName;
  client: Address;
  /** Lower case (decoded by viem). */
  taskId: Hex;
  worker: Address;
  /** Only on TaskFunded: the task's arbiter. */
  arbiter?: Address;
  blockNumber: bigint;
}

/** What one poll found: the chain's head and every task event mined since the previous poll. */
export interface WatchBatch {
  /** The latest block's number and timestamp (Unix seconds: the escrow's clock). */
  block: bigint;
  now: bigint;
  changes: EscrowChange[];
  /**
   * The watcher may have missed something (its first poll, the first one after a failed poll, a
   * chain that went back): a follower should read afresh everything it follows.
   */
  resync: boolean;
}

export interface EscrowWatch {
  /** Every batch polled from now on goes to `listener` (synchronously, in order); returns the unsubscribe. */
  subscribe(listener: (batch: WatchBatch) => void): () => void;
  /**
   * Reads what changed since the last poll: one `eth_getBlockByNumber`, and one `eth_getLogs`
   * over the new blocks when there are any (nothing else, however many tasks exist). A call made
   * while a poll runs waits for it and one more, shared by every such caller, so the answer is
   * never older than the call.
   */
  poll(): Promise<void>;
}

export interface EscrowWatchParameters {
  /** The TaskEscrow contract. */
  address: Address;
  /** At most this many blocks per `eth_getLogs` (public RPCs cap the range; default 5,000). */
  maxBlockRange?: bigint;
}

const shared = new WeakMap<PublicClient, Map<Address, EscrowWatch>>();

/**
 * The one TaskEscrow watcher of a public client (so of a process, whose agents share their
 * client): every agent built on it follows the escrow by a block and a log range per poll
 * instead of reading each of its tasks. Events are read through {@link readEscrowEvents}.
 *
 * @example
 * const watch = escrowWatch(publicClient, { address: escrow });
 * watch.subscribe((b) => console.log(b.now, b.changes.length));
 * await watch.poll();
 */
export function escrowWatch(publicClient: PublicClient, parameters: EscrowWatchParameters): EscrowWatch {
  const address = getAddress(parameters.address);
  const byAddress = shared.get(publicClient) ?? new Map<Address, EscrowWatch>();
  shared.set(publicClient, byAddress);
  const known = byAddress.get(address);
  if (known) return known;
  const watch = createEscrowWatch(publicClient, { ...parameters, address });
  byAddress.set(address, watch);
  return watch;
}

/** A watcher of its own (not shared): what {@link escrowWatch} makes once per client. */
export function createEscrowWatch(publicClient: PublicClient, parameters: EscrowWatchParameters): EscrowWatch {
  const { address, maxBlockRange = 5_000n } = parameters;
  const listeners = new Set<(batch: WatchBatch) => void>();
  let cursor: bigint | undefined;
  let failed = false;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const readOnce = async (): Promise<void> => {
    let batch: WatchBatch;
    try {
      const head = await publicClient.getBlock({ blockTag: "latest" });
      const changes: EscrowChange[] = [];
      const back = cursor !== undefined && head.number < cursor;
      if (cursor !== undefined && !back) {
        for (let from = cursor + 1n; from <= head.number; from += maxBlockRange) {
          const to = from + maxBlockRange - 1n < head.number ? from + maxBlockRange - 1n : head.number;
          for (const log of await readEscrowEvents(publicClient, { address, fromBlock: from, toBlock: to })) {
            const a = log.args as { client: Address; taskId: Hex; worker: Address; arbiter?: Address };
            changes.push({ eventName: log.eventName, client: a.client, taskId: a.taskId, worker: a.worker, ...(a.arbiter ? { arbiter: a.arbiter } : {}), blockNumber: log.blockNumber });
          }
        }
      }
      batch = { block: head.number, now: head.timestamp, changes, resync: cursor === undefined || back || failed };
      cursor = head.number;
      failed = false;
    } catch (err) {
      failed = true;
      throw err;
    }
    for (const l of listeners) l(batch);
  };

  const poll = (): Promise<void> => {
    if (!running) {
      running = readOnce().finally(() => (running = undefined));
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return poll();
      });
    return queued;
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    poll,
  };
}
