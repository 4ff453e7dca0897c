import { benchMerkle, type MerkleBenchRow } from "./merkleBench.js";

/**
 * The merkle section: `npm run bench:merkle`'s rows (our builder against @openzeppelin/merkle-tree).
 *
 * @example
 * const rows = await benchMerkleSection([1_000, 100_000, 1_000_000]);
 */
export function benchMerkleSection(sizes: readonly number[], log?: (line: string) => void): Promise<MerkleBenchRow[]> {
  return benchMerkle(sizes, log ? { log } : {});
}
