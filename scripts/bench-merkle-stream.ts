import { z } from "zod";
import { benchStreamingMerkle, StreamSource } from "../agents/bench/merkleStream.js";

// Thin entry: `./run bench:merkle-stream [leaves=10000000] [bytes|reviews] [threads]` streams that many
// synthetic leaves into buildReviewTreeStreaming in a child process, writes every proof, and prints
// the row (wall and CPU seconds, peak RSS, load average) as JSON on stdout, a summary on stderr.
const [leaves, source, threads] = z
  .tuple([z.coerce.number().int().positive().default(10_000_000), StreamSource.default("bytes"), z.coerce.number().int().positive().optional()])
  .parse(process.argv.slice(2));
const r = await benchStreamingMerkle(leaves, { source, ...(threads === undefined ? {} : { threads }) });
console.error(
  `merkle streamed ${leaves} leaves (${r.source}, ${r.threads} threads): build ${r.buildSeconds} s wall / ${r.buildCpuSeconds} s CPU ` +
    `(generating the leaves ${r.sourceSeconds} s; leaves ${r.phaseSeconds.leaves} s, sort ${r.phaseSeconds.sort} s, internal nodes ${r.phaseSeconds.nodes} s), every proof ${r.allProofsSeconds} s wall / ${r.allProofsCpuSeconds} s CPU, ` +
    `total ${Math.round((r.buildSeconds + r.allProofsSeconds) * 100) / 100} s, peak RSS ${r.peakRssMb} MB, load average ${r.loadAverage.join(" → ")}`,
);
console.log(JSON.stringify(r));
