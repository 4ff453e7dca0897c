import type { Address, PublicClient } from "viem";
import type { Db } from "../db/Db.js";
import { advanceCursor, cursorAfterReorgCheck } from "../ingestCursor.js";
import { applyRegistryEvent, agentIdOf, registryEventsAbi, type RegistryEventName } from "./registryEvents.js";

export interface RegistryIngestOptions {
  db: Db;
  publicClient: PublicClient;
  chainId: number;
  registry: Address;
  confirmations: number;
  /** Where to start when no cursor is stored (the registry's deployment block). */
  startBlock?: bigint;
  batchSize?: bigint;
}

/**
 * Mirrors the identity registry's events with the escrow ingest's exactly-once scheme
 * (agents/indexer/ingest.ts): a cursor per (chain, contract) in `ingest_cursor`, each batch of
 * blocks one transaction with its events (primary key: block, log index) and the new cursor.
 * A reorg past the stored cursor hash rebuilds the mirror from `startBlock`: registrations are
 * few, so replaying them is cheaper than undoing them one by one.
 *
 * @returns how many new events were stored.
 * @example await ingestRegistryOnce({ db, publicClient, chainId, registry, confirmations: 2 });
 */
export async function ingestRegistryOnce(opts: RegistryIngestOptions): Promise<{ events: number; nextBlock: bigint; rebuilt: boolean }> {
  const { db, publicClient, chainId, registry } = opts;
  const start = opts.startBlock ?? 0n;
  const batch = opts.batchSize ?? 2_000n;
  const cursor = await cursorAfterReorgCheck(db, publicClient, { chainId, contract: registry, start }, async (tx) => {
    await tx.query("DELETE FROM registry_events WHERE registry = $1", [registry]);
    await tx.query("DELETE FROM registered_agents WHERE registry = $1", [registry]);
  });
  const { rebuilt } = cursor;
  let { next } = cursor;
  const head = await publicClient.getBlockNumber({ cacheTime: 0 });
  const safe = head - BigInt(opts.confirmations);
  let events = 0;
  while (next <= safe) {
    const to = next + batch - 1n < safe ? next + batch - 1n : safe;
    const logs = await publicClient.getLogs({ address: registry, events: registryEventsAbi, fromBlock: next, toBlock: to, strict: true });
    logs.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
    const { hash } = await publicClient.getBlock({ blockNumber: to });
    const from = next;
    events += await db.transaction(async (tx) => {
      let stored = 0;
      for (const log of logs) {
        const name = log.eventName as RegistryEventName;
        const args = log.args as Record<string, unknown>;
        const inserted = await tx.query(
          `INSERT INTO registry_events (registry, block_number, log_index, block_hash, event_name, agent_id, args)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1`,
          [registry, log.blockNumber, log.logIndex, log.blockHash, name, agentIdOf(name, args).toString(), JSON.stringify(args, jsonBigint)],
        );
        if (inserted.length === 0) continue;
        stored++;
        await applyRegistryEvent(tx, registry, name, args, log.blockNumber);
      }
      await advanceCursor(tx, { chainId, contract: registry, from, to, lastHash: hash });
      return stored;
    });
    next = to + 1n;
  }
  return { events, nextBlock: next, rebuilt };
}


function jsonBigint(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
