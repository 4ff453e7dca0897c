import { keccak256, parseEventLogs, stringToHex, zeroAddress, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { signBid } from "../chain/signBid.js";
import { coldTermsHash, hotTerms, packConfigBound, termsFromFundedEvent } from "../chain/escrowTerms.js";
import { taskEscrowAbi } from "../chain/taskEscrowAbi.js";

/**
 * The chain-only baseline of the endToEnd section: `tasks` lifecycles of fund (with a bid the
 * worker signs) + submit + release, one after another, each sent with viem's writeContract and
 * waited for, with no agents, board, judge, reviews or indexer. The terms that submit and
 * release repeat are read from the funding receipt's TaskFunded event, so no log scan is spent.
 * Returns lifecycles per second of wall time. The client must hold and have approved `token`.
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
  const chainId = await c.publicClient.getChainId();
  const write = async (w: WalletClient, functionName: string, args: readonly unknown[]) => {
    const hash = await w.writeContract({ address: c.escrow, abi: taskEscrowAbi, functionName, args, account: w.account!, chain: w.chain } as unknown as Parameters<WalletClient["writeContract"]>[0]);
    const receipt = await c.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`chain-only: ${functionName} reverted`);
    return receipt;
  };
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
      claimedSuccessBps: 8_000,
    };
    const signature: Hex = await signBid(c.worker, chainId, c.escrow, bid);
    // The chain-only baseline accepts whatever config is current (read once per task, like the binding).
    const cfg = await c.publicClient.readContract({ address: c.escrow, abi: taskEscrowAbi, functionName: "config" });
    const bound = packConfigBound({ maxFeeBps: cfg.feeBps, fallbackWorkerBps: cfg.fallbackWorkerBps, maxRulingWindow: cfg.rulingWindow });
    const funded = await write(c.client, "fund", [bid, signature, zeroAddress, bound]);
    const [event] = parseEventLogs({ abi: taskEscrowAbi, eventName: "TaskFunded", logs: funded.logs });
    if (!event) throw new Error("chain-only: no TaskFunded in the funding receipt");
    const terms = termsFromFundedEvent(event.args);
    await write(c.worker, "submit", [taskId, hotTerms(terms), coldTermsHash(terms), keccak256(stringToHex(`result-${i}`))]);
    await write(c.client, "release", [taskId, terms]);
  }
  return c.tasks / ((performance.now() - start) / 1000);
}

/** The chain-only rate of a warm node, and of the first pass that warmed it (lifecycles per second). */
export interface ChainOnlyRates {
  lifecyclesPerSecond: number;
  warmUpLifecyclesPerSecond: number;
}

/**
 * {@link chainOnlyLifecycles} twice: the first pass warms the node and this client up (a fresh
 * node and process ran their first 100 lifecycles at 6.6-13.5/s, the next passes at 13-17/s) and
 * is not the baseline; the second, measured, is. The agents' tasks then run on a node that is
 * warm too, so both sides of the ratio are timed alike.
 *
 * @example
 * const { lifecyclesPerSecond } = await warmChainOnlyLifecycles({ publicClient, client, worker, arbiter, escrow, token, tasks: 100 });
 */
export async function warmChainOnlyLifecycles(c: Parameters<typeof chainOnlyLifecycles>[0]): Promise<ChainOnlyRates> {
  const label = c.label ?? "chain-only";
  const warmUpLifecyclesPerSecond = await chainOnlyLifecycles({ ...c, label: `${label}-warm-up` });
  return { lifecyclesPerSecond: await chainOnlyLifecycles({ ...c, label }), warmUpLifecyclesPerSecond };
}
