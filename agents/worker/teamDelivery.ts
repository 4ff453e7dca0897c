import { isAddressEqual, recoverTypedDataAddress, type Hex } from "viem";
import { encodeTeamSignature, teamCallTypedData } from "../chain/teamSignature.js";
import { teamSubmitCall } from "../chain/teamSubmitCall.js";
import { resultHash } from "../protocol/hashes.js";
import { resultTypedData } from "../protocol/resultTypedData.js";
import { BidTerms } from "../protocol/messages.js";
import { TeamSigningError, type memberRound } from "../runtime/memberRound.js";
import type { TaskSpec } from "../protocol/task.js";
import type { HostedWorkerCore, WorkerCore } from "./workerTypes.js";

/** What a team's lead did with an award: delivered, or why not (logged and kept in its record). */
export type TeamDelivery = { ok: true; resultHash: Hex; submitTx: Hex } | { ok: false; code: string; reason: string };

/**
 * A team's side of its award, run by its lead (the first member, who also takes the rounding
 * dust): it does the work with its own model, then submits for the team ({@link submitForTeam}).
 *
 * @example
 * const d = await deliverAsTeamLead(core, round, taskId); // after the client's award to our team
 */
export function deliverAsTeamLead(core: WorkerCore, round: ReturnType<typeof memberRound>, taskId: Hex): Promise<TeamDelivery> {
  return submitForTeam(core, round, taskId, async (spec) => (await core.deps.llm.execute(spec)).output);
}

/**
 * The lead's submission for its team: `work` produces the output (once: a kept output is reused),
 * it builds the team wallet's `submit` call of the result's hash, signs it, and asks every other
 * member over the network to sign it too (`team-submit`, runtime/memberRound.ts; each member
 * checks the call and the output on its own, worker/teamSubmit.ts). Only with every member's
 * signature does it send `execute` to the team wallet and deliver the signed result to the client.
 * A member that refuses, answers with a foreign signature or stays silent stops the submission
 * with a typed error: the escrow stays Funded and the client takes its timeout refund after the
 * deadline, so the money still ends somewhere. The autonomous Worker works with its model;
 * a HostedWorker hands in its host's output (the `deliver` tool).
 *
 * @example
 * const d = await submitForTeam(core, round, taskId, async () => hostOutput);
 */
export async function submitForTeam(core: Pick<HostedWorkerCore, "deps" | "address" | "tasks" | "tell" | "log">, round: ReturnType<typeof memberRound>, taskId: Hex, work: (spec: TaskSpec) => Promise<string>): Promise<TeamDelivery> {
  const { deps, log } = core;
  const r = core.tasks.load(taskId);
  const no = (code: string, reason: string): TeamDelivery => (log.warn(`team result not submitted: ${code}`, { taskId, reason }), { ok: false, code, reason });
  if (!r?.team || !r.bid || !r.spec) return no("TEAM_UNKNOWN", "we signed no team bid for this task");
  if (!deps.teamFactory) return no("TEAM_NO_FACTORY", "this worker trusts no TeamAccountFactory");
  const team = r.team.address;
  const members = r.team.members;
  if (!isAddressEqual(members[0]!, core.address)) return no("TEAM_NOT_LEAD", "the team's first member delivers");
  const client = BidTerms.decode(r.bid).client;
  const task = await deps.escrow.getTask({ client, taskId }).catch(() => undefined);
  if (!task || !isAddressEqual(task.terms.worker, team)) return no("TEAM_NOT_AWARDED", `the escrow does not name team ${team} on this task`);
  if (task.status !== "Funded") return no("TEAM_NOT_FUNDED", `the task is ${task.status}`);
  let output = r.output;
  if (output === undefined) {
    output = await work(r.spec);
    core.tasks.save(taskId, { ...core.tasks.load(taskId), output });
  }
  const hash = resultHash(output);
  const call = teamSubmitCall(deps.escrow.address, task, hash, await deps.teamFactory.nonce(team));
  const typed = teamCallTypedData(deps.escrow.chainId, team, call);
  const own = await deps.signer.signTypedData(typed);
  const others = members.filter((a) => !isAddressEqual(a, core.address));
  let signatures: Hex[];
  try {
    signatures = await round.collect(others, {
      taskId,
      team,
      what: "the team's submit call",
      request: () => ({ type: "team-submit", taskId, client, team, output: output!, call: { target: call.target, data: call.data, nonce: call.nonce.toString() } }),
      recover: (signature) => recoverTypedDataAddress({ ...typed, signature }),
    });
  } catch (err) {
    if (!(err instanceof TeamSigningError)) throw err;
    core.tasks.save(taskId, { ...core.tasks.load(taskId), teamSubmitFailed: err.code });
    return no(err.code, err.message);
  }
  const parts = [{ member: core.address, signature: own }, ...others.map((member, i) => ({ member, signature: signatures[i]! }))];
  const submitTx = await deps.teamFactory.execute(team, call, encodeTeamSignature(parts));
  // The result, signed by this member for the team, goes to the client only.
  const signature = await deps.signer.signTypedData(resultTypedData(deps.escrow.chainId, deps.escrow.address, { taskId, resultHash: hash }));
  await core.tell(client, { type: "result", taskId, worker: team, output, resultHash: hash, signature });
  log.info("submitted and delivered for the team", { taskId, team, resultHash: hash, tx: submitTx });
  return { ok: true, resultHash: hash, submitTx };
}
