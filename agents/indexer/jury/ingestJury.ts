import type { AbiEvent, Address, PublicClient } from "viem";
import type { Db } from "../db/Db.js";
import { advanceCursor, cursorAfterReorgCheck } from "../ingestCursor.js";
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
  const batch = opts.batchSize ?? 2_000n;
  const cursor = await cursorAfterReorgCheck(db, publicClient, { chainId, contract, start }, async (tx) => {
    for (const sql of [
      "DELETE FROM jury_events WHERE contract = $1",
      "DELETE FROM jury_seats WHERE contract = $1",
      "DELETE FROM jury_cases WHERE contract = $1",
      "DELETE FROM team_members WHERE factory = $1",
    ]) await tx.query(sql, [contract]);
  });
  const { rebuilt } = cursor;
  let { next } = cursor;
  const safe = (await publicClient.getBlockNumber({ cacheTime: 0 })) - BigInt(opts.confirmations);
  let events = 0;
  while (next <= safe) {
    const to = next + batch - 1n < safe ? next + batch - 1n : safe;
    const logs = await publicClient.getLogs({ address: contract, events: opts.events as AbiEvent[], fromBlock: next, toBlock: to, strict: true });
    logs.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
    const { hash } = await publicClient.getBlock({ blockNumber: to });
    const from = next;
    events += await db.transaction(async (tx) => {
      let stored = 0;
      for (const log of logs) {
        const name = log.eventName as JuryEventName;
        const args = log.args as Record<string, unknown>;
        const inserted = await tx.query(
          `INSERT INTO jury_events (contract, block_number, log_index, block_hash, event_name, args)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
          [contract, log.blockNumber, log.logIndex, log.blockHash, name, JSON.stringify(args, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))],
        );
        if (inserted.length === 0) continue;
        stored++;
        await applyJuryEvent(tx, contract, name, args);
      }
      await advanceCursor(tx, { chainId, contract, from, to, lastHash: hash });
      return stored;
    });
    next = to + 1n;
  }
  return { events, rebuilt };
}
