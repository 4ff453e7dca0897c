import type { WalletClient } from "viem";
import type { TypedDataSigner } from "./ports.js";

/** Adapts a viem WalletClient with an account to the agents' {@link TypedDataSigner}. */
export function walletSigner(wallet: WalletClient): TypedDataSigner {
  const account = wallet.account;
  if (!account) throw new Error("walletSigner: the wallet client has no account");
  return {
    address: account.address,
    signTypedData: (args) => wallet.signTypedData({ account, ...args } as Parameters<WalletClient["signTypedData"]>[0]),
  };
}
