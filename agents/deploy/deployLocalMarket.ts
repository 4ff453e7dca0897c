import type { NetworkConnection } from "hardhat/types/network";
import type { PublicClient } from "viem";
import { deployParamsFromEnv } from "./deployConfig.js";
import { deployMarket, type IgnitionConnection } from "./deployMarket.js";
import type { Deployment } from "./deployment.js";

/** A Hardhat network connection with the viem and Ignition plugins (what `network.create()` returns). */
export type LocalChain = Pick<NetworkConnection, "viem" | "ignition" | "networkName">;

/**
 * The one way tests, benches and the demo put a market on a local chain: the Ignition modules of
 * `npm run deploy` (escrow, anchor, identity registry, demo token) with the development accounts in
 * their roles (agents/deploy/devAccounts.ts DEV_ROLES: 0 anchorer, 1 fee recipient and escrow owner,
 * 3 arbiter).
 *
 * @example
 * const chain = await network.create();
 * const deployment = await deployLocalMarket(chain, { epochSeconds: 60 });
 */
export async function deployLocalMarket(chain: LocalChain, o: { feeBps?: number; epochSeconds?: number } = {}): Promise<Deployment> {
  const publicClient = (await chain.viem.getPublicClient()) as unknown as PublicClient;
  const accounts = (await chain.viem.getWalletClients()).map((w) => w.account.address);
  const env = { ...(o.feeBps === undefined ? {} : { FEE_BPS: String(o.feeBps) }), ...(o.epochSeconds === undefined ? {} : { EPOCH_SECONDS: String(o.epochSeconds) }) };
  const ignition = chain.ignition as unknown as IgnitionConnection["ignition"];
  return deployMarket({ networkName: chain.networkName, ignition, publicClient }, deployParamsFromEnv(env, accounts));
}
