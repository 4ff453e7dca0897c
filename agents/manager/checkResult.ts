import { bytesToHex, getAddress, recoverAddress, type Address, type Hex } from "viem";
import { signedBy } from "../protocol/signatureCheck.js";
import { resultHash } from "../protocol/hashes.js";
import type { ResultMessage } from "../protocol/messages.js";
import { resultDigest } from "../protocol/resultTypedData.js";

export type ResultCheck = { ok: true; hash: Hex } | { ok: false; signer?: Address; hash: Hex };

/**
 * Accepts a delivered result only under the awarded worker's EIP-712 `Result` signature over
 * the hash of the output as received (the message's own `resultHash` claim proves nothing),
 * checked with viem's yes/no (protocol/signatureCheck.ts); a refused one is recovered to name its
 * signer. Pure: no chain or network access.
 *
 * @example
 * const c = await checkResult(msg, { chainId, escrow, worker });
 * if (!c.ok) log.warn("result ignored", { signer: c.signer });
 */
export async function checkResult(m: ResultMessage, ctx: { chainId: number; escrow: Address; worker: Address }): Promise<ResultCheck> {
  const hash = resultHash(m.output);
  let digest: Uint8Array;
  try {
    digest = resultDigest(ctx.chainId, ctx.escrow, { taskId: m.taskId, resultHash: hash });
  } catch {
    return { ok: false, hash };
  }
  if (signedBy(digest, m.signature, ctx.worker)) return { ok: true, hash };
  const signer = await recoverAddress({ hash: bytesToHex(digest), signature: m.signature }).catch(() => undefined);
  return { ok: false, ...(signer ? { signer: getAddress(signer) } : {}), hash };
}
