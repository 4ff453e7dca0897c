import { loadavg } from "node:os";
import { z } from "zod";
import { buildReviewTreeStreaming, type LeafChunk, type ReviewMerkleTree } from "../indexer/merkle/index.js";
import { defaultThreads } from "../indexer/merkle/build.js";
import { LEAF_BYTES } from "../indexer/merkle/encode.js";
import { syntheticLeafBytes } from "./syntheticLeafBytes.js";
import { syntheticReviews } from "./syntheticReviews.js";
import { runBenchChild } from "./benchChild.js";

/** Where the streamed leaves come from: abi bytes written straight (`bytes`), or review objects with hex strings (`reviews`, as a database driver hands them over). */
export const StreamSource = z.enum(["bytes", "reviews"]);
export type StreamSource = z.infer<typeof StreamSource>;

/** One streaming build: `leaves` reviews in chunks, then every proof once, in a process of its own. */
export const StreamingMerkleRow = z.object({
  leaves: z.number().int(),
  source: StreamSource,
  threads: z.number().int(),
  /** Generating each chunk of synthetic leaves (as a database cursor would deliver it), hashing it, sorting, internal nodes. */
  buildSeconds: z.number(),
  /** The part of buildSeconds spent generating the synthetic leaves (the stand-in for reading them). */
  sourceSeconds: z.number(),
  /** Every leaf's proof written as raw siblings, in tree order, into one reused buffer of 4,096 proofs. */
  allProofsSeconds: z.number(),
  /** CPU seconds (user + system, all threads of the process) of the build and of every proof: on a busy machine the wall times mostly measure waiting. */
  buildCpuSeconds: z.number(),
  sourceCpuSeconds: z.number(),
  allProofsCpuSeconds: z.number(),
  /** Wall seconds of the build's steps: reading and hashing the leaves (both threads), sorting and laying them out (this thread), the internal nodes (both threads). */
  phaseSeconds: z.object({ leaves: z.number(), sort: z.number(), nodes: z.number() }),
  /** Peak resident set of the process that did it (getrusage maxrss). */
  peakRssMb: z.number(),
  /** 1-minute load average when the run started and ended. */
  loadAverage: z.tuple([z.number(), z.number()]),
  root: z.string(),
});
export type StreamingMerkleRow = z.infer<typeof StreamingMerkleRow>;

const seconds = (ms: number): number => Math.round(ms / 10) / 100;
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

export interface StreamingMerkleOptions {
  source?: StreamSource;
  /** Hashing threads (default: the builder's, 2 on a 2-core machine). */
  threads?: number;
  chunkLeaves?: number;
}

/**
 * Writes every leaf's proof as raw siblings, in tree order, into one reused buffer of 4,096
 * proofs: what producing every proof of a big tree costs (the benches time it).
 *
 * @example
 * writeEveryProof(tree);
 */
export function writeEveryProof(tree: ReviewMerkleTree): void {
  const leaves = tree.leafCount;
  const per = 4096;
  const stride = 32 * 32;
  const out = new Uint8Array(per * stride);
  const index = new Uint32Array(per);
  const depth = new Uint8Array(per);
  let siblings = 0;
  for (let first = 0; first < leaves; first += per) {
    const count = Math.min(per, leaves - first);
    tree.proofsInTreeOrder(first, count, out, stride, index, depth);
    for (let k = 0; k < count; k++) siblings += depth[k]!;
  }
  if (leaves > 1 && siblings < leaves) throw new Error(`only ${siblings} proof nodes for ${leaves} leaves`);
}

/** Runs the streaming build in this process (the child's body). */
export async function streamingMerkleHere(leaves: number, opts: StreamingMerkleOptions = {}): Promise<StreamingMerkleRow> {
  const { source = "bytes", chunkLeaves = 65_536 } = opts;
  const load0 = loadavg()[0]!;
  let sourceMs = 0;
  let sourceCpu = 0;
  // Two buffers in turn: the builder copies a chunk into its ring before asking for the next.
  const buffers = [new Uint8Array(chunkLeaves * LEAF_BYTES), new Uint8Array(chunkLeaves * LEAF_BYTES)];
  function* chunks(): Generator<LeafChunk> {
    for (let from = 0, c = 1; from < leaves; from += chunkLeaves, c++) {
      const t = performance.now();
      const u = cpuMs();
      const count = Math.min(chunkLeaves, leaves - from);
      let chunk: LeafChunk;
      if (source === "reviews") chunk = syntheticReviews(count, c);
      else {
        const buf = buffers[c % 2]!.subarray(0, count * LEAF_BYTES);
        syntheticLeafBytes(count, c, buf);
        chunk = buf;
      }
      sourceMs += performance.now() - t;
      sourceCpu += cpuMs() - u;
      yield chunk;
    }
  }
  let c0 = cpuMs();
  let t0 = performance.now();
  const phases = { leaves: 0, sort: 0, nodes: 0 };
  const onPhase = (p: keyof typeof phases, ms: number) => void (phases[p] = ms);
  const tree = await buildReviewTreeStreaming(leaves, chunks(), { onPhase, ...(opts.threads === undefined ? {} : { threads: opts.threads }) });
  const buildMs = performance.now() - t0;
  const buildSeconds = seconds(buildMs);
  const phaseSeconds = { leaves: seconds(buildMs - phases.sort - phases.nodes), sort: seconds(phases.sort), nodes: seconds(phases.nodes) };
  const buildCpuSeconds = seconds(cpuMs() - c0);
  c0 = cpuMs();
  t0 = performance.now();
  writeEveryProof(tree);
  const allProofsSeconds = seconds(performance.now() - t0);
  const allProofsCpuSeconds = seconds(cpuMs() - c0);
  return {
    leaves,
    source,
    threads: opts.threads ?? defaultThreads(leaves),
    buildSeconds,
    sourceSeconds: seconds(sourceMs),
    allProofsSeconds,
    buildCpuSeconds,
    sourceCpuSeconds: seconds(sourceCpu),
    allProofsCpuSeconds,
    phaseSeconds,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverage: [load0, loadavg()[0]!],
    root: tree.root,
  };
}

/**
 * Runs {@link streamingMerkleHere} in a child process, so its peak RSS is the build's alone and
 * not the benchmark runner's.
 *
 * @example
 * const row = await benchStreamingMerkle(10_000_000); // { leaves, buildSeconds, allProofsSeconds, peakRssMb, root, ... }
 */
export function benchStreamingMerkle(leaves: number, opts: StreamingMerkleOptions = {}): Promise<StreamingMerkleRow> {
  const args = [String(leaves), opts.source ?? "bytes", String(opts.threads ?? 0)];
  return runBenchChild("merkleStreamChild", args).then((row) => StreamingMerkleRow.parse(row));
}
