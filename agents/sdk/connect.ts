import { createPublicClient, createWalletClient, http, type Chain, type Hex, type LocalAccount, type PublicClient, type WalletClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { PrivateKey } from "../protocol/codecs.js";

/**
 * A wallet as the SDK takes it: a viem local account, or a 0x-prefixed 32-byte private key.
 *
 * @example
 * const wallet: WalletInput = privateKeyToAccount(generatePrivateKey()); // or the key itself, 0x + 64 hex digits
 */
export type WalletInput = LocalAccount | Hex;


/**
 * viem clients for one agent: reads through `publicClient`, every write signed by `wallet`.
 *
 * @example
 * const { publicClient, walletClient }: Connection = await connect({ wallet, rpcUrl });
 */
export interface Connection {
  publicClient: PublicClient;
  walletClient: WalletClient;
  account: LocalAccount;
  chainId: number;
}

/**
 * Connects a wallet to a JSON-RPC endpoint. A bad key or URL is a {@link ConfigError} that never
 * echoes the key.
 *
 * @example
 * const { publicClient, walletClient } = await connect({ wallet: privateKeyToAccount(key), rpcUrl: "http://127.0.0.1:8545" });
 */
export async function connect(o: { wallet: WalletInput; rpcUrl: string }): Promise<Connection> {
  if (!z.string().url().safeParse(o.rpcUrl).success) throw new ConfigError("rpcUrl is not a URL", { field: "rpcUrl" });
  let account: LocalAccount;
  if (typeof o.wallet === "string") {
    if (!PrivateKey.safeParse(o.wallet).success) throw new ConfigError("wallet is neither a viem account nor a 32-byte private key", { field: "wallet" });
    account = privateKeyToAccount(o.wallet);
  } else account = o.wallet;
  const publicClient = createPublicClient({ transport: http(o.rpcUrl) }) as PublicClient;
  const chainId = await publicClient.getChainId();
  const chain: Chain = { id: chainId, name: `chain-${chainId}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [o.rpcUrl] } } };
  return { publicClient, walletClient: createWalletClient({ account, chain, transport: http(o.rpcUrl) }), account, chainId };
}
