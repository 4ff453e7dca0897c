import { getAddress, type Address, type PublicClient, type WalletClient } from "viem";
import { UserInputError } from "../errors.js";
import { teamAccountFactoryAbi } from "./juryArbiterAbi.js";

/**
 * A TeamAccountFactory on chain: where it makes (CREATE2) the wallet of a split, and, with a
 * `payer`, that wallet made once (the payer pays the gas; the same members, shares and dust
 * member always make the same wallet). A worker needs only `predict` (the factory it trusts); a
 * manager forming teams uses both.
 *
 * @example
 * const factory = teamFactoryClient({ publicClient, payer: managerWallet, address: deployment.teamFactory });
 * const team = await factory.predict(members, shares); // the first member takes the rounding dust
 */
export function teamFactoryClient(c: { publicClient: PublicClient; address: Address; payer?: WalletClient }) {
  const predict = async (members: Address[], sharesBps: number[], dustMember: Address = members[0]!): Promise<Address> =>
    getAddress(await c.publicClient.readContract({ address: c.address, abi: teamAccountFactoryAbi, functionName: "predict", args: [members, sharesBps, dustMember] }));
  return {
    address: c.address,
    predict,
    async create(members: Address[], sharesBps: number[]): Promise<Address> {
      const team = await predict(members, sharesBps);
      if (!c.payer?.account) throw new UserInputError("creating a team wallet needs a payer wallet", { code: "TEAM_NO_PAYER", details: { team } });
      if (!(await c.publicClient.getCode({ address: team }))) {
        const hash = await c.payer.writeContract({ address: c.address, abi: teamAccountFactoryAbi, functionName: "create", args: [members, sharesBps, members[0]!], account: c.payer.account, chain: c.payer.chain });
        await c.publicClient.waitForTransactionReceipt({ hash });
      }
      return team;
    },
  };
}
