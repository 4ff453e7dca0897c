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
    log?.(
      `merkle streamed ${n} leaves (${r.source}, ${r.threads} threads): build ${r.buildSeconds}s (${r.buildCpuSeconds}s CPU; generating leaves ${r.sourceSeconds}s), ` +
        `every proof ${r.allProofsSeconds}s (${r.allProofsCpuSeconds}s CPU), peak RSS ${r.peakRssMb} MB, load ${r.loadAverage.join(" → ")}`,
    );
    const { root: _root, leaves: _n, ...figures } = r;
    rows.push({ leaves: n, ozBuildSeconds: null, rootMatchesOz: null, streamed: true, ...figures });
  }
  return rows;
}
