import { keccak256, stringToHex, type Address, type PublicClient, type WalletClient } from "viem";
import { createTaskEscrow } from "../chain/escrow.js";
import { signBid } from "../chain/signBid.js";

/**
 * The chain-only baseline of the endToEnd section: `tasks` lifecycles of fund (with a bid the
 * worker signs) + submit + release, one after another, each transaction sent through the viem
 * binding and waited for, with no agents, board, judge, reviews or indexer. Returns lifecycles
 * per second of wall time. The client must hold and have approved enough `token`.
 *
 * @example
 * const perSecond = await chainOnlyLifecycles({ publicClient, client, worker, arbiter, escrow, token, tasks: 200 });
 */
export async function chainOnlyLifecycles(c: {
  publicClient: PublicClient;
  client: WalletClient;
  worker: WalletClient;
  arbiter: Address;
  escrow: Address;
  token: Address;
  tasks: number;
  label?: string;
}): Promise<number> {
  const asClient = createTaskEscrow({ publicClient: c.publicClient, walletClient: c.client, address: c.escrow });
  const asWorker = createTaskEscrow({ publicClient: c.publicClient, walletClient: c.worker, address: c.escrow });
  const chainId = await c.publicClient.getChainId();
  const start = performance.now();
  for (let i = 0; i < c.tasks; i++) {
    const now = (await c.publicClient.getBlock()).timestamp;
    const taskId = keccak256(stringToHex(`${c.label ?? "chain-only"}-${i}`));
    const bid = {
      taskId,
      specHash: keccak256(stringToHex(`spec-${i}`)),
      client: c.client.account!.address,
      worker: c.worker.account!.address,
      token: c.token,
      amount: 1_000_000n,
      arbiter: c.arbiter,
      deadline: now + 3_600n,
      reviewPeriod: 600n,
      expiry: now + 600n,
      nonce: BigInt(Date.now()) * 1_000n + BigInt(i),
    };
    await asClient.fund(bid, await signBid(c.worker, chainId, c.escrow, bid));
    await asWorker.submit(taskId, keccak256(stringToHex(`result-${i}`)));
    await asClient.release(taskId);
  }
  return c.tasks / ((performance.now() - start) / 1000);
}
