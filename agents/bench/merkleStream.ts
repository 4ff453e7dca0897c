import { z } from "zod";
import { buildReviewTreeStreaming } from "../indexer/merkle/index.js";
import { syntheticReviews } from "./syntheticReviews.js";
import { runBenchChild } from "./benchChild.js";

/** One streaming build: `leaves` reviews in chunks, then every proof once, in a process of its own. */
export const StreamingMerkleRow = z.object({
  leaves: z.number().int(),
  /** Generating each chunk of synthetic reviews (as a database cursor would deliver it), hashing it, sorting, internal nodes. */
  buildSeconds: z.number(),
  /** The part of buildSeconds spent generating the synthetic reviews (the stand-in for reading them). */
  sourceSeconds: z.number(),
  /** Every leaf's proof written as raw siblings into one reused buffer (what a streaming writer does). */
  allProofsSeconds: z.number(),
  /** CPU seconds (user + system) of the build and of every proof: on a busy machine the wall times above mostly measure waiting. */
  buildCpuSeconds: z.number(),
  allProofsCpuSeconds: z.number(),
  /** Peak resident set of the process that did it (getrusage maxrss). */
  peakRssMb: z.number(),
  root: z.string(),
});
export type StreamingMerkleRow = z.infer<typeof StreamingMerkleRow>;

const seconds = (t0: number): number => Math.round((performance.now() - t0) / 10) / 100;

/** Runs the streaming build in this process (the child's body). */
export async function streamingMerkleHere(leaves: number, chunkLeaves = 65_536): Promise<StreamingMerkleRow> {
  let sourceMs = 0;
  function* chunks() {
    for (let from = 0, c = 1; from < leaves; from += chunkLeaves, c++) {
      const t = performance.now();
      const chunk = syntheticReviews(Math.min(chunkLeaves, leaves - from), c);
      sourceMs += performance.now() - t;
      yield chunk;
    }
  }
  const cpu = (from: NodeJS.CpuUsage): number => {
    const d = process.cpuUsage(from);
    return Math.round((d.user + d.system) / 10_000) / 100;
  };
  let c0 = process.cpuUsage();
  let t0 = performance.now();
  const tree = await buildReviewTreeStreaming(leaves, chunks());
  const buildSeconds = seconds(t0);
  const buildCpuSeconds = cpu(c0);
  c0 = process.cpuUsage();
  t0 = performance.now();
  const out = new Uint8Array(64 * 32);
  let siblings = 0;
  for (let i = 0; i < leaves; i++) siblings += tree.proofInto(i, out);
  const allProofsSeconds = seconds(t0);
  const allProofsCpuSeconds = cpu(c0);
  if (siblings < leaves) throw new Error(`only ${siblings} proof nodes for ${leaves} leaves`);
  return { leaves, buildSeconds, sourceSeconds: Math.round(sourceMs / 10) / 100, allProofsSeconds, buildCpuSeconds, allProofsCpuSeconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), root: tree.root };
}

/**
 * Runs {@link streamingMerkleHere} in a child process, so its peak RSS is the build's alone and
 * not the benchmark runner's.
 *
 * @example
 * const row = await benchStreamingMerkle(10_000_000); // { leaves, buildSeconds, allProofsSeconds, peakRssMb, root }
 */
export function benchStreamingMerkle(leaves: number): Promise<StreamingMerkleRow> {
  return runBenchChild("merkleStreamChild", [String(leaves)]).then((row) => StreamingMerkleRow.parse(row));
}
