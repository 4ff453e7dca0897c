import type { Hex, WalletClient } from "viem";
import type { TypedDataSigner } from "./ports.js";

/**
 * Adapts a viem WalletClient with an account to the agents' {@link TypedDataSigner}. A local
 * account (a private key in this process) also signs ready digests, which the envelopes use to
 * skip viem's per-call typed-data hashing; a JSON-RPC account signs typed data only.
 */
export function walletSigner(wallet: WalletClient): TypedDataSigner {
  const account = wallet.account;
  if (!account) throw new Error("walletSigner: the wallet client has no account");
  return {
    address: account.address,
    signTypedData: (args) => wallet.signTypedData({ account, ...args } as Parameters<WalletClient["signTypedData"]>[0]),
    ...(account.type === "local" && account.sign ? { signDigest: (hash: Hex) => account.sign!({ hash }) } : {}),
  };
}
