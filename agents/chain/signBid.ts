import type { Address, Hex, WalletClient } from "viem";
import { bidTypedData } from "../protocol/eip712.js";
import type { BidTerms } from "../protocol/eip712.js";

/**
 * Signs a bid as EIP-712 typed data for the escrow at `escrow` on `chainId`. The worker's
 * wallet signs; the client later passes the signature to `fund`.
 *
 * @example
 * const signature = await signBid(workerWallet, 31337, escrow.address, bid);
 */
export async function signBid(walletClient: WalletClient, chainId: number, escrow: Address, bid: BidTerms): Promise<Hex> {
  const account = walletClient.account;
  if (!account) throw new Error("signBid: the wallet client has no account");
  return walletClient.signTypedData({ account, ...bidTypedData(chainId, escrow, bid) });
}
