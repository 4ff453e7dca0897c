import type { Address, PublicClient } from "viem";
import { getAddress } from "viem";
import type { Deployment } from "./deployment.js";
import AgentMarketModule from "../../deploy/modules/AgentMarket.js";
import LocalAgentMarketModule from "../../deploy/modules/LocalAgentMarket.js";
import MarketCoreModule from "../../deploy/modules/MarketCore.js";
import DemoTokenModule from "../../deploy/modules/DemoToken.js";

export interface DeployParams {
  /** Fee in basis points (≤ 1,000). */
  feeBps: number;
  feeRecipient: Address;
  /** Default arbiter the manager names in its announcements; recorded, not a contract parameter. */
  arbiter: Address;
  anchorer: Address;
  /** ReputationAnchor's epoch length in seconds, fixed at deployment (the indexer's EPOCH_SECONDS). */
  epochSeconds: number;
  /** Existing payment token; when absent the local demo token is deployed (local chains only). */
  paymentToken?: Address;
  /** Existing ERC-8004 identity registry (the canonical one on a public chain); when absent ours is deployed. */
  identityRegistry?: Address;
}

/** The slice of a Hardhat network connection this needs (hardhat-ignition-viem's `ignition`). */
export interface IgnitionConnection {
  networkName: string;
  ignition: {
    deploy: (module: any, options?: { parameters?: Record<string, Record<string, unknown>> }) => Promise<Record<string, { address: Address }>>;
  };
  publicClient: PublicClient;
}

/**
 * Deploys the market with the Ignition modules in deploy/ and returns the record that
 * deployments/<chainId>.json holds, including each contract's deployment block.
 */
export async function deployMarket(conn: IgnitionConnection, params: DeployParams): Promise<Deployment> {
  const parameters = {
    TaskEscrow: { owner: params.feeRecipient, feeRecipient: params.feeRecipient, feeBps: params.feeBps },
    ReputationAnchor: { admin: params.anchorer, anchorer: params.anchorer, epochSeconds: params.epochSeconds },
  };
  type Deployed = Record<string, { address: Address }>;
  let contracts: Deployed;
  if (!params.identityRegistry) {
    contracts = params.paymentToken
      ? { ...(await conn.ignition.deploy(AgentMarketModule, { parameters })), token: { address: params.paymentToken } }
      : await conn.ignition.deploy(LocalAgentMarketModule, { parameters });
  } else {
    // The registry already exists: deploy only escrow and anchor (and the demo token if no token was given).
    const core = await conn.ignition.deploy(MarketCoreModule, { parameters });
    const token = params.paymentToken ? { address: params.paymentToken } : (await conn.ignition.deploy(DemoTokenModule, {})).token!;
    contracts = { ...core, token, registry: { address: params.identityRegistry } };
  }
  const { escrow, anchor, token, registry, teamFactory } = contracts as Record<"escrow" | "anchor" | "token" | "registry" | "teamFactory", { address: Address }>;
  const chainId = await conn.publicClient.getChainId();
  const located = async (address: Address) => ({
    address: getAddress(address),
    block: Number(await deploymentBlock(conn.publicClient, address)),
  });
  return {
    chainId,
    network: conn.networkName,
    escrow: await located(escrow.address),
    anchor: await located(anchor.address),
    teamFactory: await located(teamFactory.address),
    // An existing registry's deployment block is not looked up (that needs an archive node): scans start at START_BLOCK.
    registry: params.identityRegistry ? { address: getAddress(params.identityRegistry), block: 0 } : await located(registry.address),
    token: params.paymentToken ? { address: getAddress(params.paymentToken), block: 0 } : await located(token.address),
    demoToken: !params.paymentToken,
    arbiter: getAddress(params.arbiter),
    anchorer: getAddress(params.anchorer),
    feeRecipient: getAddress(params.feeRecipient),
    feeBps: params.feeBps,
    epochSeconds: params.epochSeconds,
    deployedAt: new Date().toISOString(),
  };
}

/** First block at which `address` has code: a binary search over getCode, so it works on any RPC. */
export async function deploymentBlock(client: PublicClient, address: Address): Promise<bigint> {
  let hi = await client.getBlockNumber();
  const has = async (block: bigint) => ((await client.getCode({ address, blockNumber: block })) ?? "0x") !== "0x";
  if (!(await has(hi))) throw new Error(`no contract code at ${address}`);
  let lo = 0n;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (await has(mid)) hi = mid;
    else lo = mid + 1n;
  }
  return lo;
}
