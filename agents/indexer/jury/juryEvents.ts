import { getAddress, type Address } from "viem";
import { juryArbiterAbi, teamAccountFactoryAbi } from "../../chain/juryArbiterAbi.js";
import type { Db } from "../db/Db.js";
import { toHash32 } from "../../protocol/codecs.js";

/** The JuryArbiter events the indexer folds: who sat, how each voted, how the case ended. */
export const JURY_EVENTS = ["PanelDrawn", "VoteRevealed", "CaseRuled", "CaseLapsed"] as const;
/** TeamAccountFactory's one event: a team's members and their fixed shares. */
export const TEAM_EVENTS = ["TeamCreated"] as const;
export type JuryEventName = (typeof JURY_EVENTS)[number] | (typeof TEAM_EVENTS)[number];

type Item = { type: string; name?: string };
const pick = <A extends readonly Item[]>(abi: A, names: readonly string[]) => abi.filter((i) => i.type === "event" && names.includes(i.name ?? ""));
export const juryEventsAbi = pick(juryArbiterAbi, JURY_EVENTS);
export const teamEventsAbi = pick(teamAccountFactoryAbi, TEAM_EVENTS);

/**
 * Folds one event into `jury_seats`, `jury_cases` or `team_members`. Each is applied once (the
 * caller stores the log under its primary key first), so the writes need not be idempotent, but
 * they are anyway.
 */
export async function applyJuryEvent(tx: Db, contract: Address, name: JuryEventName, args: Record<string, unknown>): Promise<void> {
  const caseId = typeof args.caseId === "string" ? toHash32(args.caseId) : "";
  switch (name) {
    case "PanelDrawn": {
      const agentIds = args.agentIds as readonly bigint[];
      const jurors = args.jurors as readonly string[];
      for (const [i, juror] of jurors.entries()) {
        await tx.query(
          `INSERT INTO jury_seats (contract, case_id, juror, agent_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [contract, caseId, getAddress(juror), agentIds[i]!.toString()],
        );
      }
      return;
    }
    case "VoteRevealed":
      await tx.query(`UPDATE jury_seats SET vote_bps = $4 WHERE contract = $1 AND case_id = $2 AND juror = $3`, [
        contract,
        caseId,
        getAddress(args.juror as string),
        Number(args.workerBps),
      ]);
      return;
    case "CaseRuled":
    case "CaseLapsed":
      await tx.query(
        `INSERT INTO jury_cases (contract, case_id, task_id, status, ruling_bps) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (contract, case_id) DO UPDATE SET status = EXCLUDED.status, ruling_bps = EXCLUDED.ruling_bps`,
        [contract, caseId, toHash32(String(args.taskId)), name === "CaseRuled" ? "ruled" : "lapsed", name === "CaseRuled" ? Number(args.workerBps) : null],
      );
      return;
    case "TeamCreated": {
      const team = getAddress(args.team as string);
      const members = args.members as readonly string[];
      const shares = args.shares as readonly number[];
      for (const [i, member] of members.entries()) {
        await tx.query(`INSERT INTO team_members (factory, team, member, share_bps) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
          contract,
          team,
          getAddress(member),
          Number(shares[i]),
        ]);
      }
      return;
    }
    default: {
      const never: never = name;
      throw new Error(`unhandled jury event ${String(never)}`);
    }
  }
}
