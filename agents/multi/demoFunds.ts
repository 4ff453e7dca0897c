import { maxUint256, parseAbi, type Address, type PublicClient, type WalletClient } from "viem";

const demoTokenAbi = parseAbi(["function mint(address to, uint256 amount)", "function approve(address spender, uint256 amount) returns (bool)"]);

/**
 * Mints `amount` of the local, freely mintable demo token to the wallet's account and lets
 * `escrow` spend all of it: how a client process pays on a development chain.
 *
 * @example
 * await topUpDemoToken({ publicClient, walletClient }, d.token.address, d.escrow.address, 1_000_000_000n);
 */
export async function topUpDemoToken(c: { publicClient: PublicClient; walletClient: WalletClient }, token: Address, escrow: Address, amount: bigint): Promise<void> {
  const me = c.walletClient.account!.address;
  for (const [functionName, args] of [["mint", [me, amount]], ["approve", [escrow, maxUint256]]] as const) {
    const hash = await c.walletClient.writeContract({ address: token, abi: demoTokenAbi, functionName, args: args as never, account: c.walletClient.account!, chain: c.walletClient.chain });
    await c.publicClient.waitForTransactionReceipt({ hash });
  }
}
