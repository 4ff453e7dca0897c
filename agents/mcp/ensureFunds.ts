import { erc20Abi } from "viem";
import { ActionRefusedError } from "../runtime/refusal.js";
import type { McpBody } from "./startMcpBody.js";

/** Refuses a task or an award the client cannot pay (FUNDS_SHORT); approves the escrow for the amount when the allowance is short. */
export async function ensureFunds(body: McpBody, amount: bigint, progress: (m: string) => Promise<void>): Promise<void> {
  const { publicClient, walletClient } = body;
  const token = body.deployment.token.address;
  const escrow = body.escrow.address;
  const me = body.address;
  const balance = await publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [me] });
  if (balance < amount) throw new ActionRefusedError("FUNDS_SHORT", `this needs ${amount} but the wallet holds ${balance} of ${token}; top it up, or post a smaller budget or award a cheaper bid`, { amount, balance });
  const allowance = await publicClient.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [me, escrow] });
  if (allowance >= amount) return;
  await progress(`approving the escrow for ${amount}`);
  const hash = await walletClient.writeContract({ address: token, abi: erc20Abi, functionName: "approve", args: [escrow, amount], account: walletClient.account!, chain: walletClient.chain });
  await publicClient.waitForTransactionReceipt({ hash });
}
