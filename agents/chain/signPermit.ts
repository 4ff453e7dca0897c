import { parseSignature, type Address, type WalletClient } from "viem";
import type { PermitSignature } from "./escrowTypes.js";

const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/**
 * Signs an EIP-2612 permit with the owner's wallet, split into the `{ deadline, v, r, s }` that
 * `fundWithPermit` (and a token's `permit`) take. `token` names the token's EIP-712 domain.
 *
 * @example
 * const permit = await signPermit(client, { chainId, token: { address: usdc, name: "USD Coin" }, spender: escrow, value, nonce: 0n, deadline });
 * await escrow.fund({ bid, signature, permit });
 */
export async function signPermit(
  owner: WalletClient,
  p: { chainId: number; token: { address: Address; name: string; version?: string }; spender: Address; value: bigint; nonce: bigint; deadline: bigint },
): Promise<PermitSignature> {
  const account = owner.account;
  if (!account) throw new Error("signPermit: the wallet client has no account");
  const signature = await owner.signTypedData({
    account,
    domain: { name: p.token.name, version: p.token.version ?? "1", chainId: p.chainId, verifyingContract: p.token.address },
    types: permitTypes,
    primaryType: "Permit",
    message: { owner: account.address, spender: p.spender, value: p.value, nonce: p.nonce, deadline: p.deadline },
  });
  const { v, r, s } = parseSignature(signature);
  return { deadline: p.deadline, v: Number(v), r, s };
}
