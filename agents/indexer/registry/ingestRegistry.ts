import type { Address, PublicClient } from "viem";
import type { Db } from "../db/Db.js";
import { argsJson, cursorAfterReorgCheck, ingestBatches } from "../ingestCursor.js";
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
  const cursor = await cursorAfterReorgCheck(db, publicClient, { chainId, contract: registry, start }, async (tx) => {
    await tx.query("DELETE FROM registry_events WHERE registry = $1", [registry]);
    await tx.query("DELETE FROM registered_agents WHERE registry = $1", [registry]);
  });
  const { events, next } = await ingestBatches(db, publicClient, { chainId, contract: registry, next: cursor.next, confirmations: opts.confirmations, batchSize: opts.batchSize }, {
    getLogs: (fromBlock, toBlock) => publicClient.getLogs({ address: registry, events: registryEventsAbi, fromBlock, toBlock, strict: true }),
    async store(tx, log) {
      const name = log.eventName as RegistryEventName;
      const args = log.args as Record<string, unknown>;
      const inserted = await tx.query(
        `INSERT INTO registry_events (registry, block_number, log_index, block_hash, event_name, agent_id, args)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1`,
        [registry, log.blockNumber, log.logIndex, log.blockHash, name, agentIdOf(name, args).toString(), argsJson(args)],
      );
      if (inserted.length > 0) await applyRegistryEvent(tx, registry, name, args, log.blockNumber);
      return inserted.length > 0;
    },
  });
  return { events, nextBlock: next, rebuilt: cursor.rebuilt };
}
