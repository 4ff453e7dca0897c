import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { maxUint256, parseAbi, type Address, type PublicClient, type WalletClient } from "viem";
import { serveChain } from "../../agents/dashboard/serveChain.js";
import { deployLocalMarket } from "../../agents/deploy/deployLocalMarket.js";
import { writeDeployment, type Deployment } from "../../agents/deploy/deployment.js";
import { runIndexerLoop, startIndexerServer } from "../../agents/indexer/server.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { startLocalIndexer } from "../../agents/wiring/localIndexer.js";
import { ERROR_META_KEY } from "../../agents/mcp/toolError.js";
import { expect } from "chai";

/** How the README's host configuration starts the server: this worktree's `./run mcp -- <flags>`. */
export const RUN = path.resolve("run");
export const mcpArgs = (...flags: string[]) => ["mcp", "--", ...flags];

const tokenAbi = parseAbi(["function mint(address to, uint256 amount)", "function approve(address spender, uint256 amount) returns (bool)", "function balanceOf(address) view returns (uint256)"]);

export interface McpMarket {
  viem: Awaited<ReturnType<typeof network.create>>["viem"];
  provider: Awaited<ReturnType<typeof network.create>>["provider"];
  networkHelpers: Awaited<ReturnType<typeof network.create>>["networkHelpers"];
  publicClient: PublicClient;
  wallets: WalletClient[];
  deployment: Deployment;
  chainUrl: string;
  indexerUrl: string;
  /** Environment of an MCP child process (and of the agents next to it). */
  env: Record<string, string>;
  log: RecordingLogger;
  mint(to: Address, amount: bigint): Promise<void>;
  approveEscrow(wallet: WalletClient): Promise<void>;
  balanceOf(who: Address): Promise<bigint>;
  /** Transactions `who` has sent (its nonce): a refused tool must not move it. */
  txCount(who: Address): Promise<number>;
  close(): Promise<void>;
}

/**
 * A market an MCP server can join from another process: an in-process chain served over HTTP
 * JSON-RPC, the contracts deployed with the Ignition modules (record in a temporary
 * DEPLOYMENTS_DIR), and the reputation indexer's API with its ingest loop.
 */
export async function startMcpMarket(): Promise<McpMarket> {
  const net = await network.create();
  const { viem, provider, networkHelpers } = net;
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const wallets = (await viem.getWalletClients()) as unknown as WalletClient[];
  const deployment = await deployLocalMarket(net, { epochSeconds: 60 });
  const dir = await mkdtemp(path.join(tmpdir(), "mcp-market-"));
  await writeDeployment(deployment, dir);
  const chain = await serveChain(provider);
  const local = await startLocalIndexer({
    publicClient,
    anchorer: wallets[0]!,
    deployment,
    registry: { address: deployment.registry!.address, startBlock: BigInt(deployment.registry!.block) },
    // Team membership from the factory's events: a review of a team wallet credits its members.
    ...(deployment.teamFactory ? { teamFactory: { address: deployment.teamFactory.address, startBlock: BigInt(deployment.teamFactory.block) } } : {}),
  });
  const api = await startIndexerServer(local.indexer, { port: 0 });
  const sync = setInterval(() => void local.syncClock(), 100);
  const loop = runIndexerLoop(local.indexer, { intervalMs: 200, onError: () => {} });
  const token = deployment.token.address;
  const send = async (wallet: WalletClient, functionName: "mint" | "approve", args: readonly unknown[]) => {
    const hash = await wallet.writeContract({ address: token, abi: tokenAbi, functionName, args: args as never, account: wallet.account!, chain: wallet.chain });
    await publicClient.waitForTransactionReceipt({ hash });
  };
  return {
    viem,
    provider,
    networkHelpers,
    publicClient,
    wallets,
    deployment,
    chainUrl: chain.url,
    indexerUrl: api.url,
    env: { RPC_URL: chain.url, DEPLOYMENTS_DIR: dir, INDEXER_URL: api.url, POLL_MS: "200", AGENT_LOG: process.env.AGENT_LOG ?? "0" },
    log: new RecordingLogger(),
    mint: (to, amount) => send(wallets[0]!, "mint", [to, amount]),
    approveEscrow: (wallet) => send(wallet, "approve", [deployment.escrow.address, maxUint256]),
    balanceOf: (who) => publicClient.readContract({ address: token, abi: tokenAbi, functionName: "balanceOf", args: [who] }),
    txCount: (who) => publicClient.getTransactionCount({ address: who }),
    close: async () => {
      clearInterval(sync);
      await loop.stop();
      await api.close();
      await chain.close();
      await local.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The SDK's Client on `./run mcp -- <flags>` over stdio, with everything it printed to stderr. */
export async function connectMcp(env: Record<string, string>, flags: string[]): Promise<{ client: Client; stderr: string[]; close(): Promise<void> }> {
  const transport = new StdioClientTransport({ command: RUN, args: mcpArgs(...flags), env: { ...(process.env as Record<string, string>), ...env }, stderr: "pipe" });
  const stderr: string[] = [];
  transport.stderr?.on("data", (d: Buffer) => stderr.push(d.toString("utf8")));
  const client = new Client({ name: "agent-market-test", version: "1.0.0" });
  try {
    await client.connect(transport);
  } catch (err) {
    throw new Error(`mcp server did not start: ${(err as Error).message}\n${stderr.join("")}`);
  }
  return { client, stderr, close: () => client.close() };
}

/** The code a failed tool call carries (text prefix and _meta), or undefined for a success. */
export function errorCode(r: { isError?: boolean; content?: unknown; _meta?: Record<string, unknown> }): string | undefined {
  if (!r.isError) return undefined;
  const meta = r._meta?.[ERROR_META_KEY] as { code: string } | undefined;
  const text = (r.content as { text: string }[])[0]!.text;
  expect(text.startsWith(`${meta?.code}: `), text).to.equal(true);
  return meta?.code;
}

/** Polls `f` every 200 ms until it returns a value. */
export async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    const v = await f();
    if (v !== undefined) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}
