import { decodeEventLog, isAddressEqual } from "viem";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import { agentWalletSetTypedData } from "../protocol/identity712.js";
import { RegistryTxError, toRegistryError } from "./identityErrors.js";
import { identityRegistryAbi } from "./identityRegistryAbi.js";

export { identityRegistryAbi, identityRegistryBytecode } from "./identityRegistryAbi.js";
export { RegistryRevertError, RegistryTxError } from "./identityErrors.js";

/** The registry (ERC-8004 Identity Registry) and the clients that talk to it. */
export interface RegistryClients {
  walletClient: WalletClient;
  publicClient: PublicClient;
  address: Address;
}

/** Anything that signs EIP-712 typed data (a viem account, runtime's TypedDataSigner). */
export interface WalletProofSigner {
  readonly address: Address;
  signTypedData(args: { domain: object; types: object; primaryType: string; message: object }): Promise<Hex>;
}

/** What the registry records about one agent. */
export interface RegisteredAgent {
  agentId: bigint;
  owner: Address;
  agentURI: string;
  /** The bound wallet; zero after a transfer until the new owner binds one. */
  wallet: Address;
}

async function send(clients: RegistryClients, functionName: string, write: (account: NonNullable<WalletClient["account"]>) => Promise<Hex>) {
  const account = clients.walletClient.account;
  if (!account) throw new RegistryTxError(functionName, "the wallet client has no account");
  let hash: Hex;
  try {
    hash = await write(account);
  } catch (err) {
    throw toRegistryError(functionName, err);
  }
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new RegistryTxError(functionName, "transaction reverted", undefined, hash);
  return receipt;
}

/**
 * Registers an agent whose registration file is at `agentURI`; the wallet client's account owns it.
 *
 * @returns the new agent id, read from the `Registered` event of the receipt.
 * @example
 * const { agentId } = await registerIdentity(clients, "https://ada.example/registration.json");
 */
export async function registerIdentity(clients: RegistryClients, agentURI: string): Promise<{ agentId: bigint; hash: Hex }> {
  const receipt = await send(clients, "register", (account) =>
    clients.walletClient.writeContract({
      address: clients.address,
      abi: identityRegistryAbi,
      functionName: "register",
      args: [agentURI],
      account,
      chain: clients.walletClient.chain,
    }),
  );
  for (const log of receipt.logs) {
    if (!isAddressEqual(log.address, clients.address)) continue;
    const event = decodeEventLog({ abi: identityRegistryAbi, data: log.data, topics: log.topics, strict: false });
    if (event.eventName === "Registered" && event.args.agentId !== undefined) return { agentId: event.args.agentId, hash: receipt.transactionHash };
  }
  throw new RegistryTxError("register", "no Registered event in the receipt", undefined, receipt.transactionHash);
}

/**
 * The wallet's proof that it consents to be bound to `agentId` (EIP-712 `AgentWalletSet`, the
 * canonical ERC-8004 type). `owner` is the agent's current owner; `deadline` at most 5 minutes ahead.
 *
 * @example
 * const signature = await signWalletProof(agentWallet, { chainId, registry, agentId, owner, deadline });
 */
export function signWalletProof(
  wallet: WalletProofSigner,
  p: { chainId: number; registry: Address; agentId: bigint; owner: Address; deadline: bigint },
): Promise<Hex> {
  const typed = agentWalletSetTypedData(p.chainId, p.registry, { agentId: p.agentId, newWallet: wallet.address, owner: p.owner, deadline: p.deadline });
  return wallet.signTypedData(typed);
}

/** Binds `wallet` to `agentId` with its proof. Only the owner (or an approved operator) may send it. */
export async function bindAgentWallet(
  clients: RegistryClients,
  p: { agentId: bigint; wallet: Address; deadline: bigint; signature: Hex },
): Promise<Hex> {
  const receipt = await send(clients, "setAgentWallet", (account) =>
    clients.walletClient.writeContract({
      address: clients.address,
      abi: identityRegistryAbi,
      functionName: "setAgentWallet",
      args: [p.agentId, p.wallet, p.deadline, p.signature],
      account,
      chain: clients.walletClient.chain,
    }),
  );
  return receipt.transactionHash;
}

/** Points `agentId` at a new registration file. Owner or approved operator only. */
export async function setAgentUri(clients: RegistryClients, agentId: bigint, agentURI: string): Promise<Hex> {
  const receipt = await send(clients, "setAgentURI", (account) =>
    clients.walletClient.writeContract({
      address: clients.address,
      abi: identityRegistryAbi,
      functionName: "setAgentURI",
      args: [agentId, agentURI],
      account,
      chain: clients.walletClient.chain,
    }),
  );
  return receipt.transactionHash;
}

/**
 * Owner, URI and bound wallet of `agentId`.
 *
 * @throws RegistryRevertError `ERC721NonexistentToken` for an unknown id.
 */
export async function readAgent(publicClient: PublicClient, registry: Address, agentId: bigint): Promise<RegisteredAgent> {
  const read = <T>(functionName: "ownerOf" | "tokenURI" | "getAgentWallet") =>
    publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName, args: [agentId] }) as Promise<T>;
  try {
    const [owner, agentURI, wallet] = await Promise.all([read<Address>("ownerOf"), read<string>("tokenURI"), read<Address>("getAgentWallet")]);
    return { agentId, owner, agentURI, wallet };
  } catch (err) {
    throw toRegistryError("readAgent", err);
  }
}
