import type { AbiEvent, Address, PublicClient } from "viem";
import type { Db } from "../db/Db.js";
import { argsJson, cursorAfterReorgCheck, ingestBatches } from "../ingestCursor.js";
import { applyJuryEvent, type JuryEventName } from "./juryEvents.js";

export interface JuryIngestOptions {
  db: Db;
  publicClient: PublicClient;
  chainId: number;
  /** The JuryArbiter or TeamAccountFactory, and the events of it to fold. */
  contract: Address;
  events: readonly unknown[];
  confirmations: number;
  /** Its deployment block: where the first scan starts. */
  startBlock?: bigint;
  batchSize?: bigint;
}

/**
 * Ingests one JuryArbiter's (or TeamAccountFactory's) events exactly once, with the registry
 * mirror's scheme (registry/ingestRegistry.ts): a cursor per contract in `ingest_cursor`, each
 * batch one transaction with its logs (primary key: contract, block, log index) and the new
 * cursor. A reorg past the stored cursor hash rebuilds this contract's rows from `startBlock`.
 *
 * @returns how many new events were stored.
 * @example await ingestJuryOnce({ db, publicClient, chainId, contract: jury, events: juryEventsAbi, confirmations: 2 });
 */
export async function ingestJuryOnce(opts: JuryIngestOptions): Promise<{ events: number; rebuilt: boolean }> {
  const { db, publicClient, chainId, contract } = opts;
  const start = opts.startBlock ?? 0n;
  const cursor = await cursorAfterReorgCheck(db, publicClient, { chainId, contract, start }, async (tx) => {
    for (const sql of [
      "DELETE FROM jury_events WHERE contract = $1",
      "DELETE FROM jury_seats WHERE contract = $1",
      "DELETE FROM jury_cases WHERE contract = $1",
      "DELETE FROM team_members WHERE factory = $1",
    ]) await tx.query(sql, [contract]);
  });
  const { events } = await ingestBatches(db, publicClient, { chainId, contract, next: cursor.next, confirmations: opts.confirmations, batchSize: opts.batchSize }, {
    getLogs: (fromBlock, toBlock) => publicClient.getLogs({ address: contract, events: opts.events as AbiEvent[], fromBlock, toBlock, strict: true }),
    async store(tx, log) {
      const name = log.eventName as JuryEventName;
      const args = log.args as Record<string, unknown>;
      const inserted = await tx.query(
        `INSERT INTO jury_events (contract, block_number, log_index, block_hash, event_name, args)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
        [contract, log.blockNumber, log.logIndex, log.blockHash, name, argsJson(args)],
      );
      if (inserted.length > 0) await applyJuryEvent(tx, contract, name, args);
      return inserted.length > 0;
    },
  });
  return { events, rebuilt: cursor.rebuilt };
}
