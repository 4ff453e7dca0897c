import { z } from "zod";
import { StreamSource, streamingMerkleHere } from "./merkleStream.js";

// Child process of benchStreamingMerkle: one build, its figures as one JSON line on stdout.
// argv: leaves [source=bytes|reviews] [threads, 0 = the builder's default]
const [leaves, source, threads] = z
  .tuple([z.coerce.number().int().positive(), StreamSource.default("bytes"), z.coerce.number().int().nonnegative().default(0)])
  .parse(process.argv.slice(2));
process.stdout.write(`${JSON.stringify(await streamingMerkleHere(leaves, { source, ...(threads > 0 ? { threads } : {}) }))}\n`);
