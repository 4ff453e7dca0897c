// Entry point of `npm run agent`: one manager, worker or arbiter as its own process, talking
// HTTP on loopback (see agents/wiring/agentConfig.ts for every variable). Logic lives in agents/.
import { createPublicClient, createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { resolveContract } from "../agents/indexer/config.js";
import { loadAgentConfig } from "../agents/wiring/agentConfig.js";
import { FileStore } from "../agents/runtime/FileStore.js";
import { startAgent } from "../agents/wiring/startAgent.js";
import { exitOnSignal } from "../agents/cli/exitOnSignal.js";

const { env, role } = await loadAgentConfig(process.env);
const publicClient = createPublicClient({ transport: http(env.RPC_URL) });
const chainId = await publicClient.getChainId();
const chain = { id: chainId, name: `chain-${chainId}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [env.RPC_URL] } } };
const walletClient = createWalletClient({ account: privateKeyToAccount(env.PRIVATE_KEY), chain, transport: http(env.RPC_URL) });
const { address: escrow } = await resolveContract("escrow", env.ESCROW_ADDRESS, chainId);
// Without an anchor the manager cannot check the indexer's proofs, so it ignores the indexer's history.
const anchor = await resolveContract("anchor", process.env.ANCHOR_ADDRESS, chainId).then((c) => c.address, () => undefined);
// Every agent registers once in the identity registry; its envelopes are checked against it.
const registry = await resolveContract("registry", process.env.IDENTITY_REGISTRY, chainId);
// The deployment's team wallet factory, if it has one: then teams form (manager) and are signed for (worker).
const teamFactory = await resolveContract("teamFactory", process.env.TEAM_FACTORY, chainId).then((c) => c.address, () => undefined);
const store = env.STATE_FILE ? new FileStore(env.STATE_FILE) : undefined;
const running = await startAgent(env, role, { publicClient, walletClient, escrow, registry: { address: registry.address, block: registry.block }, ...(anchor ? { anchor } : {}), ...(teamFactory ? { teamFactory } : {}), ...(store ? { store } : {}) });
console.log(JSON.stringify({ role: running.role, agentId: running.agentId.toString(), address: running.address, escrow, board: running.boardUrl ?? env.BOARD_URL }));
exitOnSignal(() => running.stop());
