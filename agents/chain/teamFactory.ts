import { erc20Abi, getAddress, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import type { TeamAccount$Type } from "../../artifacts/contracts/TeamAccount.sol/artifacts.js";
import { UserInputError } from "../errors.js";
import { teamAccountFactoryAbi } from "./juryArbiterAbi.js";
import { readArtifact } from "./readArtifact.js";

/** The TeamAccount ABI: its `execute`, `nonce` and `distribute`. */
export const teamAccountAbi: TeamAccount$Type["abi"] = readArtifact<TeamAccount$Type["abi"]>("contracts/TeamAccount.sol", "TeamAccount").abi;

/**
 * A TeamAccountFactory on chain: where it makes (CREATE2) the wallet of a split, and, with a
 * `payer`, that wallet made once (the payer pays the gas; the same members, shares and dust
 * member always make the same wallet), and the team wallet's own calls sent from the payer's
 * wallet (`execute` with every member's signature, `distribute`). A worker needs `predict` (the
 * factory it trusts), the wallet's `nonce`, and `execute` when it sends its team's call; a manager
 * forming teams uses `predict` and `create`.
 *
 * @example
 * const factory = teamFactoryClient({ publicClient, payer: managerWallet, address: deployment.teamFactory });
 * const team = await factory.predict(members, shares); // the first member takes the rounding dust
 */
export function teamFactoryClient(c: { publicClient: PublicClient; address: Address; payer?: WalletClient }) {
  const predict = async (members: Address[], sharesBps: number[], dustMember: Address = members[0]!): Promise<Address> =>
    getAddress(await c.publicClient.readContract({ address: c.address, abi: teamAccountFactoryAbi, functionName: "predict", args: [members, sharesBps, dustMember] }));
  const payer = (what: string, team: Address) => {
    if (!c.payer?.account) throw new UserInputError(`${what} needs a payer wallet`, { code: "TEAM_NO_PAYER", details: { team } });
    return { wallet: c.payer, account: c.payer.account };
  };
  const send = async (team: Address, functionName: "execute" | "distribute", args: readonly unknown[]): Promise<Hex> => {
    const { wallet, account } = payer(`calling ${functionName} on a team wallet`, team);
    const hash = await wallet.writeContract({ address: team, abi: teamAccountAbi, functionName, args: args as never, account, chain: wallet.chain });
    await c.publicClient.waitForTransactionReceipt({ hash });
    return hash;
  };
  return {
    address: c.address,
    predict,
    async create(members: Address[], sharesBps: number[]): Promise<Address> {
      const team = await predict(members, sharesBps);
      const { wallet, account } = payer("creating a team wallet", team);
      if (!(await c.publicClient.getCode({ address: team }))) {
        const hash = await wallet.writeContract({ address: c.address, abi: teamAccountFactoryAbi, functionName: "create", args: [members, sharesBps, members[0]!], account, chain: wallet.chain });
        await c.publicClient.waitForTransactionReceipt({ hash });
      }
      return team;
    },
    /** The split a team wallet holds (members, shares, dust member); undefined for an address that is no TeamAccount. */
    async split(team: Address): Promise<{ members: Address[]; sharesBps: number[]; dustMember: Address } | undefined> {
      if (!(await c.publicClient.getCode({ address: team }))) return undefined;
      const read = <F extends "members" | "shares" | "dustMember">(functionName: F) => c.publicClient.readContract({ address: team, abi: teamAccountAbi, functionName });
      const [members, shares, dust] = await Promise.all([read("members"), read("shares"), read("dustMember")]).catch(() => [undefined, undefined, undefined] as const);
      return members && shares && dust ? { members: members.map((m) => getAddress(m)), sharesBps: shares.map(Number), dustMember: getAddress(dust) } : undefined;
    },
    /** The nonce the wallet's next `execute` call must be signed with. */
    nonce: (team: Address): Promise<bigint> => c.publicClient.readContract({ address: team, abi: teamAccountAbi, functionName: "nonce" }),
    /** Runs `execute(target, data, signatures)` on the team wallet; the receipt is awaited. */
    execute: (team: Address, call: { target: Address; data: Hex }, signatures: Hex): Promise<Hex> => send(team, "execute", [call.target, call.data, signatures]),
    /** Pays each member its share of the wallet's `token` balance (anyone may); undefined, and no transaction, when the wallet holds none. */
    async distribute(team: Address, token: Address): Promise<Hex | undefined> {
      const balance = await c.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [team] });
      return balance === 0n ? undefined : send(team, "distribute", [token]);
    },
  };
}

/**
 * Reads a team wallet's members from its TeamAccount (`members()`); an address that is no team
 * wallet (an EOA, another contract) has none.
 *
 * @example const members = await teamMembersReader(publicClient)(task.terms.worker);
 */
export function teamMembersReader(publicClient: PublicClient): (team: Address) => Promise<readonly Address[]> {
  return async (team) => {
    if (!(await publicClient.getCode({ address: team }))) return [];
    const members = await publicClient.readContract({ address: team, abi: teamAccountAbi, functionName: "members" }).catch(() => []);
    return members.map((m) => getAddress(m));
  };
}
