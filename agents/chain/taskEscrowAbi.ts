import type { Hex } from "viem";
import type { TaskEscrow$Type } from "../../artifacts/contracts/TaskEscrow.sol/artifacts.js";
import { readArtifact } from "./readArtifact.js";

/**
 * The TaskEscrow ABI and bytecode, read from the Hardhat artifact. The type comes from the
 * generated artifacts.d.ts, so viem infers every function, event and error from it.
 */
const artifact = readArtifact<TaskEscrow$Type["abi"]>("contracts/TaskEscrow.sol", "TaskEscrow");

export const taskEscrowAbi: TaskEscrow$Type["abi"] = artifact.abi;
export const taskEscrowBytecode: Hex = artifact.bytecode;
export type TaskEscrowAbi = TaskEscrow$Type["abi"];
