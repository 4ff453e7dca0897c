import type { Address, Hex, TypedDataDomain } from "viem";

/**
 * EIP-712 typed data of the identity registry (ERC-8004) and of the signed Agent Card. The
 * wallet proof is byte for byte the canonical registry's, so a proof made here works against
 * the canonical deployment too.
 */

/** Domain of the ERC-8004 wallet proof: name and version as in the canonical registry. */
export const IDENTITY_DOMAIN_NAME = "ERC8004IdentityRegistry";
export const IDENTITY_DOMAIN_VERSION = "1";

/** Domain of a card signature: bound to one registry on one chain. */
export const CARD_DOMAIN_NAME = "AgentCard";
export const CARD_DOMAIN_VERSION = "1";

export const agentWalletSetTypes = {
  AgentWalletSet: [
    { name: "agentId", type: "uint256" },
    { name: "newWallet", type: "address" },
    { name: "owner", type: "address" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/**
 * What an agent's wallet signs about its card: the card's canonical hash (agents/registry/
 * canonicalJson.ts) together with the agent id, so a card cannot be moved to another agent.
 */
export const agentCardTypes = {
  AgentCard: [
    { name: "agentId", type: "uint256" },
    { name: "wallet", type: "address" },
    { name: "cardHash", type: "bytes32" },
  ],
} as const;

export interface AgentWalletSet {
  agentId: bigint;
  newWallet: Address;
  owner: Address;
  /** Unix seconds; at most 5 minutes ahead of the block that binds it. */
  deadline: bigint;
}

export interface AgentCardClaim {
  agentId: bigint;
  wallet: Address;
  cardHash: Hex;
}

export function identityDomain(chainId: number, registry: Address): TypedDataDomain {
  return { name: IDENTITY_DOMAIN_NAME, version: IDENTITY_DOMAIN_VERSION, chainId, verifyingContract: registry };
}

/** Typed-data arguments for viem's signTypedData / verifyTypedData of a wallet proof. */
export function agentWalletSetTypedData(chainId: number, registry: Address, message: AgentWalletSet) {
  return { domain: identityDomain(chainId, registry), types: agentWalletSetTypes, primaryType: "AgentWalletSet" as const, message };
}

/** Typed-data arguments of a card signature. */
export function agentCardTypedData(chainId: number, registry: Address, message: AgentCardClaim) {
  const domain: TypedDataDomain = { name: CARD_DOMAIN_NAME, version: CARD_DOMAIN_VERSION, chainId, verifyingContract: registry };
  return { domain, types: agentCardTypes, primaryType: "AgentCard" as const, message };
}
