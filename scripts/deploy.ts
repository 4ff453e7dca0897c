// npm run deploy -- --network <name>: deploys TaskEscrow, ReputationAnchor, IdentityRegistry (and, without
// PAYMENT_TOKEN, the local demo token) with the Ignition modules in deploy/, and writes
// deployments/<chainId>.json for the agents. Configuration: FEE_BPS, FEE_RECIPIENT,
// ARBITER_ADDRESS, ANCHORER_ADDRESS, PAYMENT_TOKEN, IDENTITY_REGISTRY, EPOCH_SECONDS (see agents/deploy/deployConfig.ts).
import { rm } from "node:fs/promises";
import { network } from "hardhat";
import { deployMarket } from "../agents/deploy/deployMarket.js";
import { deployParamsFromEnv } from "../agents/deploy/deployConfig.js";
import { writeDeployment } from "../agents/deploy/deployment.js";

const connection = await network.getOrCreate();
const publicClient = await connection.viem.getPublicClient();
const accounts = (await connection.viem.getWalletClients()).map((w) => w.account.address);
const params = deployParamsFromEnv(process.env, accounts);
// A local dev chain (hardhat node) starts empty on every restart, so Ignition's journal of an
// earlier run on chain 31337 would point at contracts that no longer exist.
const chainId = await publicClient.getChainId();
if (chainId === 31337) await rm("deploy/deployments/chain-31337", { recursive: true, force: true });
const deployment = await deployMarket(
  { networkName: connection.networkName, ignition: connection.ignition as never, publicClient: publicClient as never },
  params,
);
const file = await writeDeployment(deployment);
console.log(`deployed on ${deployment.network} (chain ${deployment.chainId}) -> ${file}`);
console.log(JSON.stringify(deployment, null, 2));
