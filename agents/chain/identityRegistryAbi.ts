import type { Hex } from "viem";
import type { IdentityRegistry$Type } from "../../artifacts/contracts/IdentityRegistry.sol/artifacts.js";
import { readArtifact } from "./readArtifact.js";

/** The IdentityRegistry (ERC-8004) ABI and bytecode from the Hardhat artifact, typed by artifacts.d.ts. */
const artifact = readArtifact<IdentityRegistry$Type["abi"]>("contracts/IdentityRegistry.sol", "IdentityRegistry");

export const identityRegistryAbi: IdentityRegistry$Type["abi"] = artifact.abi;
export const identityRegistryBytecode: Hex = artifact.bytecode;
export type IdentityRegistryAbi = IdentityRegistry$Type["abi"];
