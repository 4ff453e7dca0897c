import type { Hex } from "viem";
import type { ReputationAnchor$Type } from "../../artifacts/contracts/ReputationAnchor.sol/artifacts.js";
import { readArtifact } from "./readArtifact.js";

/**
 * The ReputationAnchor ABI and bytecode, read from the Hardhat artifact. The type comes from the
 * generated artifacts.d.ts, so viem infers every function, event and error from it.
 */
const artifact = readArtifact<ReputationAnchor$Type["abi"]>("contracts/ReputationAnchor.sol", "ReputationAnchor");

export const reputationAnchorAbi: ReputationAnchor$Type["abi"] = artifact.abi;
export const reputationAnchorBytecode: Hex = artifact.bytecode;
export type ReputationAnchorAbi = ReputationAnchor$Type["abi"];
