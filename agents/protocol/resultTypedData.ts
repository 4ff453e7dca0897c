import type { Address, Hex } from "viem";
import { bidDomain } from "./eip712.js";
import { typedDigest } from "./typedDigest.js";

/**
 * EIP-712 type a worker signs when it delivers a result off-chain, in the same domain as its
 * bid (the escrow on one chain). It binds the delivered output's hash to the worker, so a third
 * party cannot inject a bogus result to provoke a dispute, and a worker that delivers something
 * other than what it submitted on-chain has signed the proof of it.
 */
export const resultTypes = {
  Result: [
    { name: "taskId", type: "bytes32" },
    { name: "resultHash", type: "bytes32" },
  ],
} as const;

/**
 * Typed-data arguments of a `Result` (the bid's domain) for signTypedData / verifyTypedData.
 *
 * @example
 * const signature = await walletClient.signTypedData({ account, ...resultTypedData(31337, escrow, { taskId, resultHash: resultHash(output) }) });
 */
export function resultTypedData(chainId: number, escrow: Address, result: { taskId: Hex; resultHash: Hex }) {
  return { domain: bidDomain(chainId, escrow), types: resultTypes, primaryType: "Result" as const, message: result };
}

const resultHashOf = typedDigest(resultTypes.Result, "Result");

/**
 * The EIP-712 digest a worker signs for a result: viem's `hashTypedData(resultTypedData(...))`,
 * with the domain separator cached (typedDigest.ts). Throws RangeError when a field does not fit.
 *
 * @example
 * const digest = resultDigest(31337, escrow, { taskId, resultHash: resultHash(output) }); // 32 bytes
 */
export function resultDigest(chainId: number, escrow: Address, result: { taskId: Hex; resultHash: Hex }): Uint8Array {
  return resultHashOf(bidDomain(chainId, escrow), result);
}
