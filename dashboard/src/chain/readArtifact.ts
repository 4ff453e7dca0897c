import type { Abi, Hex } from "viem";

// The browser's stand-in for agents/chain/readArtifact.ts (swapped in by the Vite config): the
// same Hardhat artifacts, imported at build time; only their ABIs reach the bundle.
const abis = import.meta.glob<Abi>(
  ["../../../artifacts/contracts/TaskEscrow.sol/TaskEscrow.json", "../../../artifacts/contracts/ReputationAnchor.sol/ReputationAnchor.json"],
  { eager: true, import: "abi" },
);

/** The ABI of a contract compiled by `hardhat build` (bytecode is not shipped to the page). */
export function readArtifact<A extends Abi>(sourceName: string, contractName: string): { abi: A; bytecode: Hex } {
  const abi = abis[`../../../artifacts/${sourceName}/${contractName}.json`];
  if (!abi) throw new Error(`artifact of ${contractName} was not bundled: add it to dashboard/src/chain/readArtifact.ts`);
  return { abi: abi as A, bytecode: "0x" };
}
