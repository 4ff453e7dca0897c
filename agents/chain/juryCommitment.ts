import { encodeAbiParameters, keccak256 } from "viem";
import type { Address, Hex } from "viem";

/**
 * The case id JuryArbiter gives a task: keccak256(abi.encode(client, taskId)).
 *
 * @example
 * const caseId = juryCaseId(terms.client, taskId);
 */
export function juryCaseId(client: Address, taskId: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [client, taskId]));
}

/**
 * The hash a juror commits for its vote: keccak256(abi.encode(workerBps, salt, juror, caseId)),
 * as `JuryArbiter.commitmentOf` computes it. The juror and the case in the hash mean a copied
 * commitment can never be revealed by anyone else, or in another case.
 *
 * @example
 * const salt = toHex(crypto.getRandomValues(new Uint8Array(32)));
 * await jury.write.commit([caseId, juryCommitment(caseId, me, 6_500, salt)]);
 */
export function juryCommitment(caseId: Hex, juror: Address, workerBps: number, salt: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "uint16" }, { type: "bytes32" }, { type: "address" }, { type: "bytes32" }],
      [workerBps, salt, juror, caseId],
    ),
  );
}
