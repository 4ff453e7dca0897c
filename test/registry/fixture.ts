import { network } from "hardhat";
import { getAddress, type Address, type PublicClient, type WalletClient } from "viem";
import type { RegistryClients } from "../../agents/chain/identityRegistry.js";
import { walletSigner } from "../../agents/runtime/walletSigner.js";

/** A fresh chain with a deployed IdentityRegistry and a few funded accounts. */
export async function deployRegistry() {
  const { viem, networkHelpers } = await network.create();
  const wallets = (await viem.getWalletClients()) as unknown as WalletClient[];
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const contract = await viem.deployContract("IdentityRegistry", []);
  const chainId = await publicClient.getChainId();
  const clients = (i: number): RegistryClients => ({ walletClient: wallets[i]!, publicClient, address: contract.address });
  const signer = (i: number) => walletSigner(wallets[i]!);
  /** Checksummed address of account i. */
  const addr = (i: number): Address => getAddress(wallets[i]!.account!.address);
  const now = async () => BigInt(await networkHelpers.time.latest());
  return { viem, networkHelpers, wallets, publicClient, contract, chainId, registry: contract.address, clients, signer, addr, now };
}
