import type { Hex } from "viem";
import type { JuryArbiter$Type } from "../../artifacts/contracts/JuryArbiter.sol/artifacts.js";
import type { TeamAccountFactory$Type } from "../../artifacts/contracts/TeamAccountFactory.sol/artifacts.js";
import { readArtifact } from "./readArtifact.js";

/** The JuryArbiter ABI and bytecode from the Hardhat artifact, typed by artifacts.d.ts. */
const jury = readArtifact<JuryArbiter$Type["abi"]>("contracts/JuryArbiter.sol", "JuryArbiter");
export const juryArbiterAbi: JuryArbiter$Type["abi"] = jury.abi;
export const juryArbiterBytecode: Hex = jury.bytecode;

/** The TeamAccountFactory ABI (its `TeamCreated` event is how team membership is learnt). */
const factory = readArtifact<TeamAccountFactory$Type["abi"]>("contracts/TeamAccountFactory.sol", "TeamAccountFactory");
export const teamAccountFactoryAbi: TeamAccountFactory$Type["abi"] = factory.abi;
