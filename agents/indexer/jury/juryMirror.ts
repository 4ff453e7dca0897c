import { getAddress, type Address, type PublicClient } from "viem";
import type { JurorRecordResponse, TeamsResponse } from "../api/juryTeamSchemas.js";
import type { Db } from "../db/Db.js";
import { ingestJuryOnce } from "./ingestJury.js";
import { juryEventsAbi, teamEventsAbi } from "./juryEvents.js";
import { jurorQuality } from "./jurorQuality.js";
import { teamsOf } from "./teamCredit.js";

export interface JuryMirrorOptions {
  /** A JuryArbiter whose panels and votes make jurors' records (and its deployment block). */
  jury?: { address: Address; startBlock?: bigint };
  /** A TeamAccountFactory whose TeamCreated events say who is in which team. */
  teamFactory?: { address: Address; startBlock?: bigint };
}

/**
 * The indexer's copy of JuryArbiter's panels and votes and of TeamAccountFactory's teams:
 * `syncJury` ingests new events of each configured contract into `db`; `jurorRecord` and `teams`
 * answer the API from `readDb` (default `db`). Without a contract configured, its answers are empty.
 *
 * @example
 * const api = juryApi({ db, publicClient, chainId, confirmations: 2, jury: { address: jury } });
 * await api.syncJury();
 * (await api.jurorRecord(juror)).meanDistanceBps;
 */
export function juryApi(opts: JuryMirrorOptions & { db: Db; publicClient: PublicClient; chainId: number; confirmations: number; readDb?: Db }) {
  const { db } = opts;
  // The API's reads may go to a read replica (db/readReplica.ts); ingestion writes to db.
  const reads = opts.readDb ?? db;
  const jury = opts.jury ? getAddress(opts.jury.address) : null;
  const sources = [
    ...(opts.jury ? [{ contract: getAddress(opts.jury.address), events: juryEventsAbi, startBlock: opts.jury.startBlock }] : []),
    ...(opts.teamFactory ? [{ contract: getAddress(opts.teamFactory.address), events: teamEventsAbi, startBlock: opts.teamFactory.startBlock }] : []),
  ];
  return {
    /** Ingests new JuryArbiter and TeamAccountFactory events; a no-op for contracts not configured. */
    async syncJury(): Promise<{ events: number }> {
      let events = 0;
      for (const s of sources) {
        events += (await ingestJuryOnce({ db, publicClient: opts.publicClient, chainId: opts.chainId, confirmations: opts.confirmations, ...s })).events;
      }
      return { events };
    },
    async jurorRecord(address: Address): Promise<JurorRecordResponse> {
      const juror = getAddress(address);
      const rows = jury
        ? await reads.query<{ case_id: string; vote_bps: number | null; status: "ruled" | "lapsed" | null; ruling_bps: number | null }>(
            `SELECT s.case_id, s.vote_bps, c.status, c.ruling_bps FROM jury_seats s
             LEFT JOIN jury_cases c ON c.contract = s.contract AND c.case_id = s.case_id
             WHERE s.contract = $1 AND s.juror = $2 ORDER BY s.case_id`,
            [jury, juror],
          )
        : [];
      const q = jurorQuality(rows.map((r) => ({ caseId: r.case_id, voteBps: r.vote_bps, status: r.status, rulingBps: r.ruling_bps })));
      return { address: juror, jury, ...q };
    },
    async teams(address: Address): Promise<TeamsResponse> {
      return { address: getAddress(address), teams: await teamsOf(reads, address) };
    },
  };
}
