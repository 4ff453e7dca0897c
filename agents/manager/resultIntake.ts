import { getAddress, isAddressEqual } from "viem";
import type { ResultMessage } from "../protocol/messages.js";
import { checkResult } from "./checkResult.js";
import type { ManagerCore } from "./managerTypes.js";
import { stepTask } from "./settle.js";
import type { Sender } from "../transport/Transport.js";

/**
 * Result intake: keeps a delivered result only when it comes from the awarded worker and carries
 * that worker's signature over its hash, then steps the task (which judges it).
 */
export async function takeResult(core: ManagerCore, m: ResultMessage, from: Sender): Promise<void> {
  const { deps, log } = core;
  const { taskId } = m;
  const r = core.tasks.load(taskId);
  // The sender is the awarded worker's agent, or for a team (a contract) one of its members' agents.
  const fromWinner = !!r?.winner && (from.address === getAddress(r.winner.worker) || (r.winner.team?.members.some((x) => isAddressEqual(x.address, from.address)) ?? false));
  if (!r || r.phase !== "awarded" || !r.winner || getAddress(m.worker) !== getAddress(r.winner.worker) || !fromWinner) {
    log.warn("result ignored: not from the awarded worker", { taskId, worker: m.worker, sender: from.address });
    return;
  }
  if (r.result || r.finalized) return;
  // An unsigned result from anyone else must not be able to provoke a dispute.
  const check = await checkResult(m, { chainId: deps.escrow.chainId, escrow: deps.escrow.address, worker: r.winner.worker });
  // A team (a contract) delivers through a member: the hash it vouches for must still be the one
  // every member signed on chain (TeamAccount.execute), which judging checks against the escrow.
  const byMember = !check.ok && check.signer !== undefined && (r.winner.team?.members.some((x) => isAddressEqual(x.address, check.signer!)) ?? false);
  if (!check.ok && !byMember) {
    log.warn("result ignored: not signed by the awarded worker", { taskId, signer: check.signer, hash: check.hash });
    return;
  }
  core.tasks.save(taskId, { ...r, result: { output: m.output, hash: check.hash }, resultSignature: m.signature });
  await stepTask(core, taskId);
}
