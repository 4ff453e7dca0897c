import { getAddress, isAddressEqual, isHex, verifyTypedData } from "viem";
import type { Address, Hex } from "viem";
import { agentCardTypedData } from "../protocol/identity712.js";
import { normaliseSkill } from "../market/registry.js";
import { MARKET_EXTENSION_URI, marketExtension, parseAgentCard, type AgentCard } from "./agentCard.js";
import { canonicalHash } from "./canonicalJson.js";
import type { DirectoryEntry } from "./directory.js";
import { RegistryDocumentError } from "./errors.js";

/**
 * The card signature: the agent's wallet signs EIP-712 typed data `AgentCard(uint256 agentId,
 * address wallet, bytes32 cardHash)` in domain ("AgentCard", "1", chainId, registry), where
 * cardHash = keccak256 of the canonical JSON (canonicalJson.ts) of the whole card with the
 * extension's `signature` field left out. Changing any byte of the card, or moving it to
 * another agent id, registry or chain, breaks the signature.
 */

/** Signs typed data: a viem account, runtime's TypedDataSigner. */
export interface CardSigner {
  readonly address: Address;
  signTypedData(args: { domain: object; types: object; primaryType: string; message: object }): Promise<Hex>;
}

/** Checks a typed-data signature; the default recovers an EOA, `publicClient.verifyTypedData` adds ERC-1271. */
export type TypedDataVerifier = (args: { address: Address; signature: Hex } & ReturnType<typeof agentCardTypedData>) => Promise<boolean>;

/** What the registry says the card must match. */
export interface CardExpectation {
  chainId: number;
  registry: Address;
  agentId: bigint;
  /** The wallet bound in the registry (getAgentWallet). */
  wallet: Address;
}

/** A card whose signature checked against the registered wallet, flattened for the capability filter. */
export interface CheckedCard extends Omit<DirectoryEntry, "agentId"> {
  agentId: bigint;
  cardHash: Hex;
  card: AgentCard;
}

/** The card with the extension's signature removed: what {@link cardHash} covers. */
export function unsignedCard(card: AgentCard): AgentCard {
  const copy = structuredClone(card);
  for (const ext of copy.capabilities.extensions ?? []) {
    if (ext.uri === MARKET_EXTENSION_URI && ext.params) delete ext.params.signature;
  }
  return copy;
}

export function cardHash(card: AgentCard): Hex {
  return canonicalHash(unsignedCard(card));
}

/**
 * Signs `card` with the agent's wallet, which must be the wallet the card names.
 *
 * @example const signed = await signAgentCard(buildAgentCard({...}), walletSigner(workerWallet));
 */
export async function signAgentCard(card: AgentCard, signer: CardSigner): Promise<AgentCard> {
  const ext = marketExtension(card);
  if (!isAddressEqual(getAddress(ext.wallet), signer.address)) {
    throw new RegistryDocumentError("CARD_WRONG_WALLET", "the card names another wallet than its signer", { card: ext.wallet, signer: signer.address });
  }
  const message = { agentId: BigInt(ext.agentId), wallet: getAddress(ext.wallet), cardHash: cardHash(card) };
  const signature = await signer.signTypedData(agentCardTypedData(ext.chainId, getAddress(ext.registry), message));
  const signed = unsignedCard(card);
  const signedExt = signed.capabilities.extensions!.find((e) => e.uri === MARKET_EXTENSION_URI)!;
  signedExt.params = { ...signedExt.params, signature };
  return signed;
}

/**
 * Parses a card from outside and checks it belongs to `expected`: same chain, registry and
 * agent id, names the registered wallet, and is signed by it.
 *
 * @throws RegistryDocumentError `REGISTRY_DOC_INVALID`, `CARD_WRONG_AGENT`, `CARD_WRONG_WALLET` or `CARD_BAD_SIGNATURE`.
 * @example const checked = await verifyAgentCard(json, { chainId, registry, agentId, wallet });
 */
export async function verifyAgentCard(json: unknown, expected: CardExpectation, verify: TypedDataVerifier = verifyTypedData): Promise<CheckedCard> {
  const card = parseAgentCard(json);
  const ext = marketExtension(card);
  const claimed = { chainId: ext.chainId, registry: getAddress(ext.registry), agentId: BigInt(ext.agentId) };
  if (claimed.chainId !== expected.chainId || !isAddressEqual(claimed.registry, expected.registry) || claimed.agentId !== expected.agentId) {
    throw new RegistryDocumentError("CARD_WRONG_AGENT", `the card belongs to another agent than ${expected.agentId}`, {
      expected: { ...expected, agentId: expected.agentId.toString() },
      claimed: { ...claimed, agentId: claimed.agentId.toString() },
    });
  }
  const wallet = getAddress(ext.wallet);
  if (!isAddressEqual(wallet, expected.wallet)) {
    throw new RegistryDocumentError("CARD_WRONG_WALLET", "the card names another wallet than the registered one", { registered: expected.wallet, card: wallet });
  }
  const hash = cardHash(card);
  const typed = agentCardTypedData(expected.chainId, expected.registry, { agentId: expected.agentId, wallet, cardHash: hash });
  let valid = false;
  if (ext.signature && ext.signature.length > 2 && isHex(ext.signature)) valid = await verify({ address: wallet, signature: ext.signature, ...typed }).catch(() => false);
  if (!valid) throw new RegistryDocumentError("CARD_BAD_SIGNATURE", "the card is not signed by the registered wallet", { wallet, cardHash: hash });
  return {
    agentId: expected.agentId,
    wallet,
    name: card.name,
    url: card.url,
    skills: [...new Set(card.skills.map((s) => normaliseSkill(s.id)))],
    costPerStep: ext.costPerStep,
    maxSteps: ext.maxSteps,
    cardHash: hash,
    card,
  };
}
