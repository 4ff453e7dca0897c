import type { Address, PublicClient, WalletClient } from "viem";
import { teamFactoryClient } from "../chain/teamFactory.js";
import { teamSigning } from "../manager/teamSigning.js";
import { systemClock, type Clock, type TeamPort } from "../runtime/ports.js";
import type { Endpoint } from "../transport/Transport.js";

/**
 * A manager's {@link TeamPort} on any transport: team wallets from the TeamAccountFactory
 * (`payer` pays the CREATE2 deployment, once per split), and each member's signature of the team
 * bid asked of the member over the manager's endpoint (manager/teamSigning.ts), so members sign
 * with their own keys wherever their agents run.
 *
 * @example
 * const teams = networkTeams({ publicClient, payer: managerWallet, factory, escrow, chainId, endpoint });
 * new Manager({ ..., endpoint, teams });
 */
export function networkTeams(c: { publicClient: PublicClient; payer: WalletClient; factory: Address; escrow: Address; chainId: number; endpoint: Endpoint; clock?: Clock; timeoutMs?: number }): TeamPort {
  const factory = teamFactoryClient({ publicClient: c.publicClient, payer: c.payer, address: c.factory });
  const signing = teamSigning({ endpoint: c.endpoint, chainId: c.chainId, escrow: c.escrow, clock: c.clock ?? systemClock, ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}) });
  return { predict: (members, shares) => factory.predict(members, shares), create: factory.create, signBid: signing.signBid };
}
