import { getAddress, type Address } from "viem";
import type { Db } from "../db/Db.js";
import type { ScoreInput } from "../scores.js";
import { reviewsAbout } from "../store.js";

/** A team `member` belongs to, with its fixed share (basis points) and every member. */
export interface TeamMembership {
  team: Address;
  shareBps: number;
  members: { member: Address; shareBps: number }[];
}

/** The teams (TeamAccountFactory's TeamCreated) that `member` belongs to. */
export async function teamsOf(db: Db, member: Address): Promise<TeamMembership[]> {
  const rows = await db.query<{ team: string; member: string; share_bps: number }>(
    `SELECT t.team, t.member, t.share_bps FROM team_members t
     WHERE t.team IN (SELECT team FROM team_members WHERE member = $1) ORDER BY t.team, lower(t.member)`,
    [getAddress(member)],
  );
  const byTeam = new Map<string, TeamMembership>();
  for (const r of rows) {
    const team = byTeam.get(r.team) ?? { team: getAddress(r.team), shareBps: 0, members: [] };
    team.members.push({ member: getAddress(r.member), shareBps: r.share_bps });
    if (getAddress(r.member) === getAddress(member)) team.shareBps = r.share_bps;
    byTeam.set(r.team, team);
  }
  return [...byTeam.values()];
}

/**
 * The reviews of every team `member` belongs to, as score inputs credited to the member with
 * its share as weight (a member with 50% of a team gets half the weight of each review of that
 * team). The rest is as for the member's own reviews: anchored, task value, reviews by clients.
 */
export async function teamReviewInputs(db: Db, member: Address, anchored: ReadonlySet<bigint>): Promise<ScoreInput[]> {
  const out: ScoreInput[] = [];
  for (const t of await teamsOf(db, member)) {
    const tasks = new Map(
      (await db.query<{ task_id: string; amount: string }>("SELECT task_id, amount FROM tasks WHERE worker = $1", [t.team])).map((r) => [r.task_id, BigInt(r.amount)] as const),
    );
    for (const r of await reviewsAbout(db, t.team)) {
      const amount = tasks.get(r.taskId);
      out.push({
        rating: r.rating,
        timestamp: Number(r.timestamp),
        reviewer: r.reviewer,
        verified: anchored.has(r.epoch),
        byClient: amount !== undefined,
        amount: amount ?? 0n,
        share: t.shareBps / 10_000,
      });
    }
  }
  return out;
}
