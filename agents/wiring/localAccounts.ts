import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import type { WalletClient } from "viem";
import { DEV_ROLES } from "../deploy/devAccounts.js";

/** The development accounts of a local market, by role name (deploy/devAccounts.ts DEV_ROLES). */
export interface LocalAccounts {
  owner: WalletClient;
  feeRecipient: WalletClient;
  manager: WalletClient;
  arbiter: WalletClient;
  workers: WalletClient[];
}

/**
 * Hands out the Hardhat network's wallets by role, the same roles deploy and the multi-process
 * mode use, so no caller counts array positions.
 *
 * @example
 * const { manager, workers } = await localAccounts(viem, 5);
 */
export async function localAccounts(viem: HardhatViemHelpers, workerCount: number): Promise<LocalAccounts> {
  const wallets = (await viem.getWalletClients()) as unknown as WalletClient[];
  const need = DEV_ROLES.firstWorker + workerCount;
  if (wallets.length < need) throw new Error(`createLocalMarket: need ${need} accounts, have ${wallets.length}`);
  const at = (i: number) => wallets[i]!;
  return {
    owner: at(DEV_ROLES.owner),
    feeRecipient: at(DEV_ROLES.feeRecipient),
    manager: at(DEV_ROLES.manager),
    arbiter: at(DEV_ROLES.arbiter),
    workers: wallets.slice(DEV_ROLES.firstWorker, need),
  };
}
