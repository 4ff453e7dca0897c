import { benchMerkle, type MerkleBenchRow } from "./merkleBench.js";
import { benchStreamingMerkle } from "./merkleStream.js";

/**
 * The merkle section: `npm run bench:merkle`'s rows (our builder against @openzeppelin/merkle-tree),
 * then one row per `streaming` size: buildReviewTreeStreaming from chunks in a child process,
 * with that process's peak RSS (`peakRssMb`) and `streamed: true`.
 *
 * @example
 * const rows = await benchMerkleSection([1_000, 100_000, 1_000_000], [10_000_000]);
 */
export async function benchMerkleSection(sizes: readonly number[], streaming: readonly number[] = [], log?: (line: string) => void): Promise<MerkleBenchRow[]> {
  const rows = await benchMerkle(sizes, log ? { log } : {});
  for (const n of streaming) {
    const r = await benchStreamingMerkle(n);
    log?.(`merkle streamed ${n} leaves: build ${r.buildSeconds}s (of which generating reviews ${r.sourceSeconds}s), every proof ${r.allProofsSeconds}s, peak RSS ${r.peakRssMb} MB`);
    rows.push({ leaves: n, buildSeconds: r.buildSeconds, allProofsSeconds: r.allProofsSeconds, ozBuildSeconds: null, rootMatchesOz: null, streamed: true, sourceSeconds: r.sourceSeconds, peakRssMb: r.peakRssMb });
  }
  return rows;
}
