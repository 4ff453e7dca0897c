import { concatHex, numberToHex, size } from "viem";
import type { Address, Hex, TypedDataDomain, WalletClient } from "viem";
import { UserInputError } from "../errors.js";

/** One member's signature of a digest the team must sign (a bid digest, or a {@link teamCallTypedData}). */
export interface MemberSignature {
  member: Address;
  signature: Hex;
}

/**
 * Encodes member signatures the way `TeamAccount.isValidSignature` and `execute` read them: in
 * member order (ascending address), each as a 2-byte big-endian length followed by the signature.
 * Every member of the team must be present exactly once, or the contract rejects the result.
 *
 * @example
 * const sig = encodeTeamSignature(await Promise.all(members.map(async (w) =>
 *   ({ member: w.account!.address, signature: await signBid(w, chainId, escrow, bid) }))));
 */
export function encodeTeamSignature(parts: readonly MemberSignature[]): Hex {
  const sorted = [...parts].sort((a, b) => (BigInt(a.member) < BigInt(b.member) ? -1 : 1));
  return concatHex(
    sorted.map(({ member, signature }) => {
      const len = size(signature);
      if (len > 0xffff) {
        throw new UserInputError(`signature of ${member} is longer than 65535 bytes`, { code: "TEAM_SIGNATURE_TOO_LONG" });
      }
      return concatHex([numberToHex(len, { size: 2 }), signature]);
    }),
  );
}

/** Members sorted the way TeamAccount requires (strictly ascending), with their shares alongside. */
export function sortTeam(members: readonly Address[], sharesBps: readonly number[]): { members: Address[]; shares: number[] } {
  const order = members.map((m, i) => i).sort((i, j) => (BigInt(members[i]!) < BigInt(members[j]!) ? -1 : 1));
  return { members: order.map((i) => members[i]!), shares: order.map((i) => sharesBps[i]!) };
}

/** The EIP-712 `Call` every member signs for `TeamAccount.execute(target, data, signatures)`. */
export function teamCallTypedData(chainId: number, team: Address, call: { target: Address; data: Hex; nonce: bigint }) {
  const domain: TypedDataDomain = { name: "TeamAccount", version: "1", chainId, verifyingContract: team };
  return {
    domain,
    types: { Call: [{ name: "target", type: "address" }, { name: "data", type: "bytes" }, { name: "nonce", type: "uint256" }] },
    primaryType: "Call" as const,
    message: call,
  };
}

/** Every member signs `execute`'s call; the result is ready to pass as its `signatures`. */
export async function signTeamCall(
  members: readonly WalletClient[],
  chainId: number,
  team: Address,
  call: { target: Address; data: Hex; nonce: bigint },
): Promise<Hex> {
  const typed = teamCallTypedData(chainId, team, call);
  const parts = await Promise.all(
    members.map(async (w) => {
      if (!w.account) throw new UserInputError("a team member's wallet client has no account", { code: "NO_ACCOUNT" });
      return { member: w.account.address, signature: await w.signTypedData({ account: w.account, ...typed }) };
    }),
  );
  return encodeTeamSignature(parts);
}
