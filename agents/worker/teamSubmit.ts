import { isAddressEqual, type Address, type Hex } from "viem";
import { submittedHash, teamSubmitCall, type TeamCall } from "../chain/teamSubmitCall.js";
import { teamCallTypedData } from "../chain/teamSignature.js";
import { resultHash } from "../protocol/hashes.js";
import type { TeamSubmitAnswerMessage, TeamSubmitMessage, TeamSubmitRefusal } from "../protocol/messages.js";
import type { EscrowTask } from "../runtime/ports.js";
import type { Sender } from "../transport/Transport.js";
import type { HostedWorkerCore, WorkerRecord } from "./workerTypes.js";

export type TeamSubmitCheck = { ok: true; call: TeamCall } | { ok: false; code: TeamSubmitRefusal; reason: string };

/**
 * Whether a member may sign its team's call, given the task as the escrow holds it and the team
 * wallet's next nonce. Pure. The call must be exactly the escrow's `submit` of that task's terms
 * (this worker's own escrow as target, the task funded with the team as its worker) of the hash of
 * the output sent along, signed with the wallet's next nonce: nothing else a team wallet could do
 * (a token transfer out of it, another task's submit, a replayed request) gets a signature.
 *
 * @example
 * const c = checkTeamSubmit(m, { escrow: deps.escrow.address, task, nonce: await factory.nonce(m.team) });
 */
export function checkTeamSubmit(m: TeamSubmitMessage, ctx: { escrow: Address; task?: EscrowTask; nonce: bigint }): TeamSubmitCheck {
  const no = (code: TeamSubmitRefusal, reason: string): TeamSubmitCheck => ({ ok: false, code, reason });
  const t = ctx.task;
  if (!t || t.status !== "Funded" || !isAddressEqual(t.terms.worker, m.team) || !isAddressEqual(t.terms.client, m.client))
    return no("not-funded", `the escrow holds no funded task ${m.taskId} of ${m.client} for team ${m.team} (${t?.status ?? "none"})`);
  const hash = resultHash(m.output);
  const expected = teamSubmitCall(ctx.escrow, t, hash, ctx.nonce);
  if (!isAddressEqual(m.call.target, ctx.escrow)) return no("call-mismatch", `the call targets ${m.call.target}, not our escrow ${ctx.escrow}`);
  if (m.call.data !== expected.data) { // both lower-case: HexBytes decoded one, viem encoded the other
    const claimed = submittedHash(m.call.data);
    const sameTask = claimed !== undefined && teamSubmitCall(ctx.escrow, t, claimed, ctx.nonce).data === m.call.data;
    return sameTask ? no("hash-mismatch", `the call submits ${claimed}, the output sent hashes to ${hash}`) : no("call-mismatch", "the call is not the escrow's submit of this task's terms");
  }
  if (BigInt(m.call.nonce) !== ctx.nonce) return no("stale-nonce", `the call is signed for nonce ${m.call.nonce}, the wallet's next is ${ctx.nonce}`);
  return { ok: true, call: expected };
}

/**
 * Answers a fellow member's `team-submit` request (protocol/teamSubmitMessages.ts): only a member
 * of the team whose bid this worker signed for that task is answered at all; then the escrow and
 * the team wallet are read and {@link checkTeamSubmit} decides. The signature is this worker's
 * EIP-712 `Call` of the team wallet, sent to the asker only; a refusal says why, with its code.
 */
export async function answerTeamSubmit(core: Pick<HostedWorkerCore, "deps" | "address" | "tasks" | "tell" | "log">, m: TeamSubmitMessage, from: Sender): Promise<void> {
  const { deps } = core;
  const taskId = m.taskId;
  const team = core.tasks.load(taskId)?.team ?? (await teamFromChain(core, m));
  // Only a fellow member of the team we signed the bid of, for that task, learns anything.
  if (!team || !isAddressEqual(team.address, m.team) || isAddressEqual(from.address, core.address) || !team.members.some((a) => isAddressEqual(a, from.address)))
    return core.log.warn("team call not signed: not a fellow member", { taskId, team: m.team, sender: from.address });
  const reply = (answer: TeamSubmitAnswerMessage["answer"]) => core.tell(from.address, { type: "team-submit-answer", taskId, team: m.team, answer });
  if (!deps.teamFactory) {
    await reply({ signed: false, code: "no-team-factory", reason: "this worker trusts no TeamAccountFactory" });
    return;
  }
  const task = await deps.escrow.getTask({ client: m.client, taskId }).catch(() => undefined);
  const nonce = await deps.teamFactory.nonce(m.team);
  const check = checkTeamSubmit(m, { escrow: deps.escrow.address, ...(task ? { task } : {}), nonce });
  if (!check.ok) {
    core.log.warn(`team call not signed: ${check.code}`, { taskId, team: m.team, reason: check.reason });
    await reply({ signed: false, code: check.code, reason: check.reason });
    return;
  }
  const signature: Hex = await deps.signer.signTypedData(teamCallTypedData(deps.escrow.chainId, m.team, check.call));
  core.log.info("signed the team's submit call", { taskId, team: m.team, resultHash: resultHash(m.output) });
  await reply({ signed: true, signature });
}

/**
 * A member restarted without its record of the team (a process whose store did not survive)
 * re-derives it from the chain: the escrow holds the task funded for `m.team`, and that wallet is
 * one our own trusted factory makes for the split it holds, with us among its members. A funded
 * team bid carries every member's signature (ERC-1271), so we signed it before; the call itself is
 * still checked by {@link checkTeamSubmit}. The derived team is kept, so it is read once.
 */
async function teamFromChain(core: Pick<HostedWorkerCore, "deps" | "address" | "tasks" | "log">, m: TeamSubmitMessage): Promise<WorkerRecord["team"]> {
  const factory = core.deps.teamFactory;
  if (!factory) return undefined;
  const task = await core.deps.escrow.getTask({ client: m.client, taskId: m.taskId }).catch(() => undefined);
  if (!task || !isAddressEqual(task.terms.worker, m.team)) return undefined;
  const split = await factory.split(m.team).catch(() => undefined);
  if (!split || !split.members.some((a) => isAddressEqual(a, core.address))) return undefined;
  const made = await factory.predict(split.members, split.sharesBps, split.dustMember).catch(() => undefined);
  if (!made || !isAddressEqual(made, m.team)) return undefined;
  const team = { address: m.team, members: split.members, sharesBps: split.sharesBps };
  core.tasks.save(m.taskId, { ...core.tasks.load(m.taskId), team });
  core.log.info("team re-derived from the chain (no record of it kept)", { taskId: m.taskId, team: m.team });
  return team;
}
