import { encodeFunctionData, isAddressEqual, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { createEscrowClient, taskEscrowAbi } from "../chain/escrow.js";
import { coldTermsHash, hotTerms } from "../chain/escrowTerms.js";
import { signTeamCall } from "../chain/teamSignature.js";
import { UserInputError } from "../errors.js";
import type { LlmClient } from "../llm/types.js";
import { resultHash } from "../protocol/hashes.js";
import type { ResultMessage } from "../protocol/messages.js";
import { resultTypedData } from "../protocol/resultTypedData.js";
import type { TaskSpec } from "../protocol/task.js";

const teamAccountAbi = [
  { type: "function", name: "execute", stateMutability: "nonpayable", inputs: [{ type: "address" }, { type: "bytes" }, { type: "bytes" }], outputs: [{ type: "bytes" }] },
  { type: "function", name: "nonce", stateMutability: "view", inputs: [], outputs: [{ type: "uint256" }] },
] as const;

export interface TeamSideMember {
  wallet: WalletClient;
  llm: Pick<LlmClient, "execute">;
}

/**
 * The team's side of a team award in an embedded market (the members' agents run in this
 * process): the first member assembles the joint deliverable with its model, every member signs
 * the TeamAccount call that submits its hash to the escrow (`execute`; the first member sends it),
 * and the first member signs the result and delivers it to the client as the team. The manager
 * then judges and settles it like any award (agents/manager/resultIntake.ts).
 *
 * @example
 * const { team } = manager.task(taskId)!.winner!;
 * await deliverAsTeam({ publicClient, escrow, send: (to, r) => leadEndpoint.send(to, r) }, { spec, client, team: winner.worker, members });
 */
export async function deliverAsTeam(
  c: { publicClient: PublicClient; escrow: Address; send: (to: Address, result: ResultMessage) => Promise<void> },
  t: { spec: TaskSpec; client: Address; team: Address; members: readonly TeamSideMember[] },
): Promise<{ output: string; resultHash: Hex; submitTx: Hex }> {
  const lead = t.members[0];
  if (!lead?.wallet.account) throw new UserInputError("a team needs members with wallets", { code: "TEAM_MEMBER_UNKNOWN" });
  const { taskId } = t.spec;
  const escrow = createEscrowClient({ publicClient: c.publicClient, walletClient: lead.wallet, address: c.escrow });
  const terms = await escrow.getTerms({ client: t.client, taskId });
  if (!isAddressEqual(terms.worker, t.team)) throw new UserInputError(`task ${taskId} is not awarded to team ${t.team}`, { code: "TASK_NOT_YOURS", details: { worker: terms.worker } });
  const { output } = await lead.llm.execute(t.spec);
  const hash = resultHash(output);
  const chainId = await c.publicClient.getChainId();
  const data = encodeFunctionData({ abi: taskEscrowAbi, functionName: "submit", args: [taskId, hotTerms(terms), coldTermsHash(terms), hash] });
  const nonce = await c.publicClient.readContract({ address: t.team, abi: teamAccountAbi, functionName: "nonce" });
  const signatures = await signTeamCall(t.members.map((m) => m.wallet), chainId, t.team, { target: c.escrow, data, nonce });
  const submitTx = await lead.wallet.writeContract({ address: t.team, abi: teamAccountAbi, functionName: "execute", args: [c.escrow, data, signatures], account: lead.wallet.account, chain: lead.wallet.chain });
  await c.publicClient.waitForTransactionReceipt({ hash: submitTx });
  const signature = await lead.wallet.signTypedData({ account: lead.wallet.account, ...resultTypedData(chainId, c.escrow, { taskId, resultHash: hash }) });
  const result: ResultMessage = { type: "result", taskId, worker: t.team, output, resultHash: hash, signature };
  await c.send(t.client, result); // by the first member's agent, to the client only
  return { output, resultHash: hash, submitTx };
}
