import { getAddress, recoverTypedDataAddress, type Address, type Hex } from "viem";
import { resultHash } from "../protocol/hashes.js";
import type { ResultMessage } from "../protocol/messages.js";
import { resultTypedData } from "../protocol/resultTypedData.js";

export type ResultCheck = { ok: true; hash: Hex } | { ok: false; signer?: Address; hash: Hex };

/**
 * Accepts a delivered result only under the awarded worker's EIP-712 `Result` signature over
 * the hash of the output as received (the message's own `resultHash` claim proves nothing).
 * Pure: no chain or network access.
 *
 * @example
 * const c = await checkResult(msg, { chainId, escrow, worker });
 * if (!c.ok) log.warn("result ignored", { signer: c.signer });
 */
export async function checkResult(m: ResultMessage, ctx: { chainId: number; escrow: Address; worker: Address }): Promise<ResultCheck> {
  const hash = resultHash(m.output);
  const signer = await recoverTypedDataAddress({
    ...resultTypedData(ctx.chainId, ctx.escrow, { taskId: m.taskId, resultHash: hash }),
    signature: m.signature,
  }).catch(() => undefined);
  if (!signer || getAddress(signer) !== getAddress(ctx.worker)) return { ok: false, signer, hash };
  return { ok: true, hash };
}
