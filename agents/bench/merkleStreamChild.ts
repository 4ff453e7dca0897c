import { streamingMerkleHere } from "./merkleStream.js";

// Child process of benchStreamingMerkle: one build, its figures as one JSON line on stdout.
const leaves = Number(process.argv[2]);
if (!Number.isSafeInteger(leaves) || leaves < 1) throw new RangeError(`leaf count ${process.argv[2]} is not a positive integer`);
process.stdout.write(`${JSON.stringify(await streamingMerkleHere(leaves))}\n`);
