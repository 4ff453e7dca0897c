import { loadavg } from "node:os";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { REVIEW_LEAF_TYPES, reviewLeaf } from "../protocol/reviewLeaf.js";
import { buildReviewTree, loadReviewTree } from "../indexer/merkle/index.js";
import { syntheticReviews } from "./syntheticReviews.js";

export interface MerkleBenchRow {
  leaves: number;
  /** Wall time of buildReviewTree (encode, hash, sort, internal nodes). */
  buildSeconds: number;
  /** Wall time to generate every proof once, as hex, from the built tree. */
  allProofsSeconds: number;
  /** Wall time of StandardMerkleTree.of on the same leaves; null above `ozMaxLeaves`. */
  ozBuildSeconds: number | null;
  /** Roots byte-identical; null when OZ was not run. */
  rootMatchesOz: boolean | null;
  /** Built by buildReviewTreeStreaming from chunks in a child process (merkleStream.ts); the fields below are those rows'. */
  streamed?: true;
  /** What the chunks were: abi bytes written straight, or review objects. */
  source?: "bytes" | "reviews";
  threads?: number;
  /** Seconds of buildSeconds spent generating the synthetic leaves. */
  sourceSeconds?: number;
  /** CPU seconds (all threads of the process: with worker threads, more than the wall time on free cores) of the build, of generating the leaves within it (streamed rows), and of every proof (wall times on a busy machine are mostly waiting). */
  buildCpuSeconds?: number;
  sourceCpuSeconds?: number;
  allProofsCpuSeconds?: number;
  phaseSeconds?: { leaves: number; sort: number; nodes: number };
  /** Peak resident set of the child process, MB. */
  peakRssMb?: number;
  /** 1-minute load average at the start and the end of the run. */
  loadAverage?: [number, number];
}

export interface BenchMerkleOptions {
  /** Largest size on which @openzeppelin/merkle-tree is also run (default 100,000). */
  ozMaxLeaves?: number;
  /** Passed to buildReviewTree. */
  threads?: number;
  /** Progress lines (e.g. console.error); default silent. */
  log?: (line: string) => void;
}

const seconds = (t0: number): number => Math.round((performance.now() - t0) / 10) / 100;
const cpuSeconds = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0);
  return Math.round((c.user + c.system) / 10_000) / 100;
};

/**
 * Times buildReviewTree and every proof on synthetic reviews of each size, and the reference
 * library on the same leaves up to `ozMaxLeaves`. Reused by `npm run bench:merkle`.
 *
 * @example
 * const rows = await benchMerkle([1_000, 100_000, 1_000_000]);
 */
export async function benchMerkle(sizes: readonly number[], opts: BenchMerkleOptions = {}): Promise<MerkleBenchRow[]> {
  const { ozMaxLeaves = 100_000, threads, log = () => {} } = opts;
  const rows: MerkleBenchRow[] = [];
  for (const n of sizes) {
    const reviews = syntheticReviews(n, n);
    const load0 = loadavg()[0]!;
    let t0 = performance.now();
    let c0 = process.cpuUsage();
    const tree = await buildReviewTree(reviews, threads === undefined ? {} : { threads });
    const buildSeconds = seconds(t0);
    const buildCpuSeconds = cpuSeconds(c0);
    t0 = performance.now();
    c0 = process.cpuUsage();
    let siblings = 0;
    for (let i = 0; i < n; i++) siblings += tree.proof(i).length;
    const allProofsSeconds = seconds(t0);
    const allProofsCpuSeconds = cpuSeconds(c0);
    const loadAverage: [number, number] = [load0, loadavg()[0]!];
    t0 = performance.now();
    const bytes = tree.toBytes();
    const reloaded = loadReviewTree(bytes);
    const roundTripSeconds = seconds(t0);
    if (reloaded.root !== tree.root) throw new Error(`reloaded tree of ${n} leaves has a different root`);
    let ozBuildSeconds: number | null = null;
    let rootMatchesOz: boolean | null = null;
    if (n <= ozMaxLeaves) {
      t0 = performance.now();
      const oz = StandardMerkleTree.of(reviews.map(reviewLeaf), [...REVIEW_LEAF_TYPES]);
      ozBuildSeconds = seconds(t0);
      rootMatchesOz = oz.root === tree.root;
    }
    log(
      `merkle ${n} leaves: build ${buildSeconds}s (${buildCpuSeconds}s CPU), ${siblings} proof nodes in ${allProofsSeconds}s (${allProofsCpuSeconds}s CPU), load average ${loadAverage.join(" → ")}, ` +
        `toBytes+load ${roundTripSeconds}s for ${(bytes.length / 1e6).toFixed(1)} MB, oz ${ozBuildSeconds ?? "-"}s, match ${rootMatchesOz}`,
    );
    rows.push({ leaves: n, buildSeconds, allProofsSeconds, ozBuildSeconds, rootMatchesOz, buildCpuSeconds, allProofsCpuSeconds, loadAverage });
  }
  return rows;
}
