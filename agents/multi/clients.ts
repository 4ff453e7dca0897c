import { Agent } from "node:http";
import { createPublicClient, createWalletClient, http, type Chain, type PublicClient, type WalletClient } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { PrivateKey } from "../protocol/codecs.js";
import { DEV_CHAIN_ID, DEV_MNEMONIC } from "../deploy/devAccounts.js";
import { UserInputError } from "../errors.js";
import { countingTransport, type RpcCounts } from "../chain/countingTransport.js";
import { httpFetch } from "../http/httpFetch.js";


const ProcessEnv = z.object({
  RPC_URL: z.string().url().default("http://127.0.0.1:8545"),
  PRIVATE_KEY: PrivateKey.optional(),
  /** Print `rpc-counts {...}` (this process's JSON-RPC calls so far, by method) to stderr this often (ms); the networked benchmark reads it. */
  RPC_COUNTS_MS: z.coerce.number().int().positive().optional(),
});

/** The line prefix of the counts a process prints with RPC_COUNTS_MS. */
export const RPC_COUNTS_LINE = "rpc-counts ";

export class AgentKeyError extends UserInputError {
  override name = "AgentKeyError";
}

/**
 * viem clients for one agent process. The key is PRIVATE_KEY; on a development chain (31337)
 * without it, development account `devIndex` is used, so a local run needs no secrets.
 * The key itself never appears in errors or logs.
 */
export async function agentClients(
  env: Record<string, string | undefined>,
  devIndex: number,
): Promise<{ publicClient: PublicClient; walletClient: WalletClient; chainId: number; rpcUrl: string }> {
  const parsed = ProcessEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v)));
  if (!parsed.success) {
    throw new AgentKeyError("invalid RPC_URL or PRIVATE_KEY", { code: "AGENT_ENV_INVALID", details: { fields: parsed.error.issues.map((i) => i.path.join(".")) } });
  }
  const { RPC_URL: rpcUrl, PRIVATE_KEY: key, RPC_COUNTS_MS: countsMs } = parsed.data;
  const counts: RpcCounts = {};
  // JSON-RPC batches: the calls an agent makes in one turn of its event loop (a standing's three
  // reads, a task's state and its events, the reads of tasks stepped together) go to the node as
  // one HTTP request, so neither side pays an HTTP exchange per call. Each call still gets its own
  // result or error. Sent over node:http with keep-alive (httpFetch.ts), as A2A messages are:
  // undici's fetch cost more CPU per request than the node took to answer most of them.
  const rpc = http(rpcUrl, { batch: true, fetchFn: httpFetch(new Agent({ keepAlive: true, maxSockets: 16, timeout: 50_000 })) });
  const transport = countsMs ? countingTransport(rpc, counts) : rpc;
  if (countsMs) {
    const report = () => void process.stderr.write(`${RPC_COUNTS_LINE}${JSON.stringify(counts)}\n`);
    setInterval(report, countsMs).unref();
    process.once("exit", report);
  }
  const publicClient = createPublicClient({ transport }) as PublicClient;
  const chainId = await publicClient.getChainId();
  if (!key && chainId !== DEV_CHAIN_ID) {
    throw new AgentKeyError(`PRIVATE_KEY is required on chain ${chainId}`, { code: "AGENT_KEY_MISSING", details: { chainId } });
  }
  const account = key ? privateKeyToAccount(key) : mnemonicToAccount(DEV_MNEMONIC, { addressIndex: devIndex });
  const chain: Chain = { id: chainId, name: `chain-${chainId}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } };
  return { publicClient, walletClient: createWalletClient({ account, chain, transport }), chainId, rpcUrl };
}
