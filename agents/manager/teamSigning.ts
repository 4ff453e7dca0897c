import { isAddressEqual, recoverTypedDataAddress, type Address, type Hex } from "viem";
import { encodeTeamSignature } from "../chain/teamSignature.js";
import { UserInputError } from "../errors.js";
import { bidTypedData, type BidTerms } from "../protocol/eip712.js";
import type { TeamAnswerMessage } from "../protocol/messages.js";
import type { Clock, TeamPort } from "../runtime/ports.js";
import type { Delivery, Endpoint } from "../transport/Transport.js";

/** A member refused to sign a team bid, sent a signature that is not its own, or did not answer in time. */
export class TeamSigningError extends UserInputError {
  override name = "TeamSigningError";
}

export interface TeamSigningInput {
  /** The manager's endpoint: requests go out on it, members' answers come back on it. */
  endpoint: Endpoint;
  chainId: number;
  escrow: Address;
  clock: Clock;
  /** How long a member has to answer (default 10 s); a member that stays silent costs no more. */
  timeoutMs?: number;
}

/**
 * The manager's half of a team's signing round over the network: a `team-sign` request, signed
 * and addressed to each member alone (Endpoint.send), with the team's split and bid terms; each
 * member checks them and answers with its own EIP-712 signature or a typed refusal
 * (agents/worker/teamSigning.ts). An answer counts only from the member it was asked of, for that
 * task and team wallet, and only if the signature recovers to that member; the first refusal,
 * bad signature or silence fails the round with a {@link TeamSigningError}, before the team wallet
 * is created or anything is funded.
 *
 * @example
 * const signing = teamSigning({ endpoint, chainId, escrow, clock: systemClock });
 * const teams: TeamPort = { predict, create, signBid: signing.signBid };
 */
export function teamSigning(c: TeamSigningInput): { signBid: TeamPort["signBid"]; close(): void } {
  type Waiter = { resolve: (a: TeamAnswerMessage["answer"]) => void };
  const waiting = new Map<string, Waiter>();
  // Every part is decoded where it entered (envelope sender, Hash32 ids, ChecksumAddress team), so it keys as it is.
  const key = (member: Address, taskId: Hex, team: Address) => `${member}:${taskId}:${team}`;
  const unsubscribe = c.endpoint.onMessage((d: Delivery) => {
    if (d.message.type !== "team-answer") return;
    // The envelope's verified sender decides whose answer this is.
    waiting.get(key(d.from.address, d.message.taskId, d.message.team))?.resolve(d.message.answer);
  });

  async function ask(member: Address, bid: BidTerms, team: { members: Address[]; sharesBps: number[] }): Promise<Hex> {
    const k = key(member, bid.taskId, bid.worker);
    const answer = new Promise<TeamAnswerMessage["answer"] | undefined>((resolve) => {
      const timer = c.clock.setTimeout(() => resolve(undefined), c.timeoutMs ?? 10_000);
      waiting.set(k, { resolve: (a) => (c.clock.clearTimeout(timer), resolve(a)) });
    });
    try {
      await c.endpoint.send(member, { type: "team-sign", taskId: bid.taskId, members: team.members, sharesBps: team.sharesBps, dustMember: team.members[0]!, terms: bid });
      const a = await answer;
      const details = { member, taskId: bid.taskId, team: bid.worker };
      if (!a) throw new TeamSigningError(`team member ${member} did not answer in time`, { code: "TEAM_MEMBER_SILENT", details });
      if (!a.signed) throw new TeamSigningError(`team member ${member} refused: ${a.code}`, { code: "TEAM_MEMBER_REFUSED", details: { ...details, refusal: a.code, reason: a.reason } });
      const signer = await recoverTypedDataAddress({ ...bidTypedData(c.chainId, c.escrow, bid), signature: a.signature }).catch(() => undefined);
      if (!signer || !isAddressEqual(signer, member)) throw new TeamSigningError(`team member ${member} answered with a signature of ${signer ?? "nobody"}`, { code: "TEAM_BAD_SIGNATURE", details });
      return a.signature;
    } finally {
      waiting.delete(k);
    }
  }

  return {
    async signBid(team, bid) {
      const signatures = await Promise.all(team.members.map((member) => ask(member, bid, team)));
      return encodeTeamSignature(team.members.map((member, i) => ({ member, signature: signatures[i]! })));
    },
    close: unsubscribe,
  };
}
