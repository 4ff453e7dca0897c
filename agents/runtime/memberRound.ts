import { getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { UserInputError } from "../errors.js";
import { toHash32 } from "../protocol/codecs.js";
import type { Message } from "../protocol/messages.js";
import type { Delivery, Endpoint } from "../transport/Transport.js";
import type { Clock } from "./ports.js";

/** A member refused to sign for its team, sent a signature that is not its own, could not be reached, or did not answer in time. */
export class TeamSigningError extends UserInputError {
  override name = "TeamSigningError";
}

/** Whose answer, to which task and team wallet, a round waits for. */
type RoundKey = `${Address}/${Hex}/${Address}`;

/** The answers a round collects: a team bid's (`team-answer`) or a team call's (`team-submit-answer`). */
type AnswerType = "team-answer" | "team-submit-answer";
type Answer = Extract<Message, { type: AnswerType }>["answer"];

export interface MemberRoundInput {
  /** The asker's endpoint: requests go out on it, members' answers come back on it. */
  endpoint: Endpoint;
  clock: Clock;
  answerType: AnswerType;
  /** How long a member has to answer (default 10 s); a member that stays silent costs no more. */
  timeoutMs?: number;
  /** The first wait before a member that has not answered is asked again (default 500 ms; doubling, at most 4 s apart). */
  retryMs?: number;
}

const MAX_RETRY_MS = 4_000;

export interface MemberRoundAsk {
  taskId: Hex;
  team: Address;
  /** What is being signed, for error messages ("the team bid"). */
  what: string;
  /** The request addressed to one member (signed in its envelope by Endpoint.send). */
  request(member: Address): Message;
  /** Who signed `signature` of the digest asked for (undefined when it does not recover). */
  recover(signature: Hex): Promise<Address | undefined>;
}

/**
 * One signing round of a team over the network, used for its bid (manager/teamSigning.ts) and for
 * its escrow calls (worker/teamSubmit.ts): each member is sent its own addressed request, and an
 * answer counts only from the member it was asked of (the envelope's verified sender), for that
 * task and team wallet, and only if the signature recovers to that member. A member that has not
 * answered is asked again with bounded backoff (500 ms doubling to 4 s apart) until the round's time
 * is up, so one whose process restarted mid-round (it was unreachable for a while, or took the
 * request and died before answering) is asked again once it is back, and answers from its stored
 * record or from the chain (worker/teamSubmit.ts); answering twice is harmless. The first refusal,
 * bad signature, or a member unreachable or silent to the end fails the round with a {@link TeamSigningError}, and
 * every other member's wait ends with it: no timer outlives a round, so a failed round never keeps
 * a process alive or a loop busy.
 *
 * @example
 * const round = memberRound({ endpoint, clock: systemClock, answerType: "team-answer" });
 * const signatures = await round.collect(members, { taskId, team, what: "the team bid", request, recover });
 */
export function memberRound(c: MemberRoundInput): { collect(members: readonly Address[], ask: MemberRoundAsk): Promise<Hex[]>; close(): void } {
  const waiting = new Map<RoundKey, (a: Answer | "cancelled" | undefined) => void>();
  /** How to cancel each round under way (close() ends them all). */
  const active = new Set<() => void>();
  // One answer per (member, task, team), each part in the protocol's one form (checksummed addresses, the
  // lower-case task id of Hash32): a parsed answer already carries that form, and the asker's own values are put in it.
  const key = (member: Address, taskId: Hex, team: Address): RoundKey => `${getAddress(member)}/${toHash32(taskId)}/${getAddress(team)}`;
  const unsubscribe = c.endpoint.onMessage((d: Delivery) => {
    const m = d.message;
    if (m.type !== c.answerType || (m.type !== "team-answer" && m.type !== "team-submit-answer")) return;
    waiting.get(key(d.from.address, m.taskId, m.team))?.(m.answer);
  });

  async function collect(members: readonly Address[], ask: MemberRoundAsk): Promise<Hex[]> {
    const timers = new Map<RoundKey | `${RoundKey}/retry`, unknown>();
    const one = async (member: Address): Promise<Hex> => {
      const k = key(member, ask.taskId, ask.team);
      const details = { member, taskId: ask.taskId, team: ask.team };
      const answer = new Promise<Answer | "cancelled" | undefined>((resolve) => {
        timers.set(k, c.clock.setTimeout(() => resolve(undefined), c.timeoutMs ?? 10_000));
        waiting.set(k, resolve);
      });
      // Asked again with backoff until it answers or the round's time is up: a member whose process restarted
      // (unreachable meanwhile, or it took the request and died before answering) is asked once it is back.
      let unreachable: unknown;
      const retryKey = `${k}/retry` as const;
      try {
        let a: Answer | "cancelled" | undefined | "again";
        for (let wait = c.retryMs ?? 500; ; wait = Math.min(wait * 2, MAX_RETRY_MS)) {
          unreachable = await c.endpoint.send(member, ask.request(member)).then(() => undefined, (cause: unknown) => cause ?? new Error("send failed"));
          a = await Promise.race([answer, new Promise<"again">((resolve) => timers.set(retryKey, c.clock.setTimeout(() => resolve("again"), wait)))]);
          c.clock.clearTimeout(timers.get(retryKey));
          timers.delete(retryKey);
          if (a !== "again") break;
        }
        if (a === "cancelled") throw new TeamSigningError(`${ask.what}: round ended before ${member} answered`, { code: "TEAM_ROUND_CANCELLED", details });
        if (!a && unreachable) throw new TeamSigningError(`team member ${member} could not be asked to sign ${ask.what}`, { code: "TEAM_MEMBER_UNREACHABLE", details, cause: unreachable });
        if (!a) throw new TeamSigningError(`team member ${member} did not answer in time`, { code: "TEAM_MEMBER_SILENT", details });
        if (!a.signed) throw new TeamSigningError(`team member ${member} refused: ${a.code}`, { code: "TEAM_MEMBER_REFUSED", details: { ...details, refusal: a.code, reason: a.reason } });
        const signer = await ask.recover(a.signature).catch(() => undefined);
        if (!signer || !isAddressEqual(signer, member)) throw new TeamSigningError(`team member ${member} answered with a signature of ${signer ?? "nobody"}`, { code: "TEAM_BAD_SIGNATURE", details });
        return a.signature;
      } finally {
        for (const t of [k, retryKey]) {
          c.clock.clearTimeout(timers.get(t));
          timers.delete(t);
        }
        waiting.delete(k);
      }
    };
    // A failed round (or a closed one) ends every other member's wait now: their timers go, nothing lingers.
    const cancel = () => {
      for (const k of [...timers.keys()]) {
        c.clock.clearTimeout(timers.get(k));
        waiting.get(k as RoundKey)?.("cancelled");
      }
    };
    active.add(cancel);
    try {
      return await Promise.all(members.map(one));
    } finally {
      cancel();
      active.delete(cancel);
    }
  }

  return {
    collect,
    /** Stops listening and ends every round under way (TEAM_ROUND_CANCELLED), timers included. */
    close() {
      unsubscribe();
      for (const cancel of [...active]) cancel();
    },
  };
}
