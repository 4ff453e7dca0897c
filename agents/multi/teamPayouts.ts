import { erc20Abi, getAddress, type Address, type PublicClient } from "viem";
import { teamAccountFactoryAbi } from "../chain/juryArbiterAbi.js";
import { teamAccountAbi } from "../chain/teamFactory.js";

/** A team wallet the factory made, and what its distributions paid each member, read from the chain's events. */
export interface TeamPayout {
  team: Address;
  members: { address: Address; shareBps: number; paid: string }[];
  dustMember: Address;
  /** Everything the wallet's distributions split (TeamDistributed), and what it still holds. */
  distributed: string;
  balance: string;
}

/**
 * Every team the TeamAccountFactory made since `fromBlock`, with each member's payments
 * (`TeamMemberPaid` of `token`) from its wallet: what a team's members got on chain, read by
 * anyone from the events alone. Waits up to `timeoutMs` for each wallet to have distributed
 * everything it was paid (its `token` balance 0 after at least one distribution).
 *
 * @example const teams = await teamPayouts(publicClient, { factory, token, fromBlock: 0n, timeoutMs: 30_000 });
 */
export async function teamPayouts(publicClient: PublicClient, o: { factory: Address; token: Address; fromBlock: bigint; timeoutMs: number }): Promise<TeamPayout[]> {
  const read = async (): Promise<TeamPayout[]> => {
    const created = await publicClient.getContractEvents({ address: o.factory, abi: teamAccountFactoryAbi, eventName: "TeamCreated", fromBlock: o.fromBlock });
    return Promise.all(
      created.map(async ({ args }) => {
        const team = getAddress(args.team!);
        const paid = await publicClient.getContractEvents({ address: team, abi: teamAccountAbi, eventName: "TeamMemberPaid", args: { token: o.token }, fromBlock: o.fromBlock });
        const split = await publicClient.getContractEvents({ address: team, abi: teamAccountAbi, eventName: "TeamDistributed", args: { token: o.token }, fromBlock: o.fromBlock });
        const balance = await publicClient.readContract({ address: o.token, abi: erc20Abi, functionName: "balanceOf", args: [team] });
        return {
          team,
          members: args.members!.map((m, i) => ({
            address: getAddress(m),
            shareBps: Number(args.shares![i]),
            paid: paid.filter((p) => getAddress(p.args.member!) === getAddress(m)).reduce((a, p) => a + p.args.amount!, 0n).toString(),
          })),
          dustMember: getAddress(args.dustMember!),
          distributed: split.reduce((a, s) => a + s.args.amount!, 0n).toString(),
          balance: balance.toString(),
        };
      }),
    );
  };
  const until = Date.now() + o.timeoutMs;
  for (;;) {
    const teams = await read();
    if (teams.every((t) => t.balance === "0" && t.distributed !== "0") || Date.now() > until) return teams;
    await new Promise((r) => setTimeout(r, 250));
  }
}
