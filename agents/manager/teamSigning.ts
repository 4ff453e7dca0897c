import { recoverTypedDataAddress, type Address } from "viem";
import { encodeTeamSignature } from "../chain/teamSignature.js";
import { bidTypedData } from "../protocol/eip712.js";
import { memberRound } from "../runtime/memberRound.js";
import type { Clock, TeamPort } from "../runtime/ports.js";
import type { Endpoint } from "../transport/Transport.js";

export { TeamSigningError } from "../runtime/memberRound.js";

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
 * and addressed to each member alone (Endpoint.send), with the team's split, each member's own
 * claimed success and the bid terms; each member checks them and answers with its own EIP-712
 * signature or a typed refusal (agents/worker/teamSigning.ts). An answer counts only from the
 * member it was asked of, for that task and team wallet, and only if the signature recovers to
 * that member; the first refusal, bad signature or silence fails the round with a
 * {@link TeamSigningError} (runtime/memberRound.ts), before the team wallet is created or
 * anything is funded, and leaves no timer behind.
 *
 * @example
 * const signing = teamSigning({ endpoint, chainId, escrow, clock: systemClock });
 * const teams: TeamPort = { predict, create, signBid: signing.signBid };
 */
export function teamSigning(c: TeamSigningInput): { signBid: TeamPort["signBid"]; close(): void } {
  const round = memberRound({ endpoint: c.endpoint, clock: c.clock, answerType: "team-answer", ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}) });
  return {
    async signBid(team, bid) {
      const typed = bidTypedData(c.chainId, c.escrow, bid);
      const request = { type: "team-sign" as const, taskId: bid.taskId, members: team.members, sharesBps: team.sharesBps, dustMember: team.members[0]!, memberClaimsBps: team.claimsBps, terms: bid };
      const signatures = await round.collect(team.members, {
        taskId: bid.taskId,
        team: bid.worker,
        what: "the team bid",
        request: () => request,
        recover: (signature) => recoverTypedDataAddress({ ...typed, signature }),
      });
      return encodeTeamSignature(team.members.map((member, i) => ({ member, signature: signatures[i]! })));
    },
    close: round.close,
  };
}
