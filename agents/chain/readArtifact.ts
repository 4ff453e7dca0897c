import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Abi, Hex } from "viem";
import { SystemFaultError } from "../errors.js";

/**
 * Reads a Hardhat 3 artifact JSON (`artifacts/<source>/<Name>.json`, written by `hardhat build`
 * and git-ignored). Outside a Hardhat runtime there is no `hre.artifacts`, so this reads the file.
 */
export function readArtifact<A extends Abi>(sourceName: string, contractName: string): { abi: A; bytecode: Hex } {
  const path = fileURLToPath(new URL(`../../artifacts/${sourceName}/${contractName}.json`, import.meta.url));
  try {
    return JSON.parse(readFileSync(path, "utf8")) as { abi: A; bytecode: Hex };
  } catch (cause) {
    throw new SystemFaultError(`artifact of ${contractName} missing: run \`hardhat build\` first`, {
      code: "ARTIFACT_MISSING",
      details: { path },
      cause,
    });
  }
}
