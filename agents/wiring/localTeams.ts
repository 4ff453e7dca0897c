import { getAddress, isAddressEqual, type Address, type PublicClient, type WalletClient } from "viem";
import { teamAccountFactoryAbi } from "../chain/juryArbiterAbi.js";
import { signBid } from "../chain/signBid.js";
import { encodeTeamSignature } from "../chain/teamSignature.js";
import { UserInputError } from "../errors.js";
import type { TeamPort } from "../runtime/ports.js";

/**
 * The manager's {@link TeamPort} in a market whose workers run in this process (the embedded demo
 * and tests): the team wallet comes from TeamAccountFactory (CREATE2; the manager pays the gas,
 * the lowest member takes the rounding dust), and each member's signature of the team bid comes
 * from that member's own wallet, as the worker agent would sign it.
 *
 * @example
 * const teams = localTeams({ publicClient, payer: managerWallet, factory, escrow, members: workerWallets });
 */
export function localTeams(c: { publicClient: PublicClient; payer: WalletClient; factory: Address; escrow: Address; members: readonly WalletClient[] }): TeamPort {
  const walletOf = (a: Address) => {
    const w = c.members.find((m) => m.account && isAddressEqual(m.account.address, a));
    if (!w) throw new UserInputError(`no wallet in this process for team member ${a}`, { code: "TEAM_MEMBER_UNKNOWN", details: { member: a } });
    return w;
  };
  return {
    async create(members, sharesBps) {
      const args = [members, sharesBps, members[0]!] as const;
      const team = getAddress(await c.publicClient.readContract({ address: c.factory, abi: teamAccountFactoryAbi, functionName: "predict", args }));
      // The same members and shares make the same team: create it once.
      if (!(await c.publicClient.getCode({ address: team }))) {
        const hash = await c.payer.writeContract({ address: c.factory, abi: teamAccountFactoryAbi, functionName: "create", args, account: c.payer.account!, chain: c.payer.chain });
        await c.publicClient.waitForTransactionReceipt({ hash });
      }
      return team;
    },
    async signBid(members, bid) {
      const chainId = await c.publicClient.getChainId();
      const parts = await Promise.all(members.map(async (member) => ({ member, signature: await signBid(walletOf(member), chainId, c.escrow, bid) })));
      return encodeTeamSignature(parts);
    },
  };
}
