import { loadavg } from "node:os";
import { createKeccak } from "hash-wasm";
import { buildEpoch } from "../indexer/closeEpoch.js";
import { openPglite } from "../indexer/db/pglite.js";
import { openPostgres } from "../indexer/db/postgres.js";
import { createProofLookup } from "../indexer/proofs.js";
import { getEpochDataset } from "../indexer/store.js";
import { isReviewProven } from "../protocol/reviewProof.js";
import { toReview, REVIEW_COLUMNS, type ReviewRow } from "../indexer/store.js";
import { writeEveryProof } from "./merkleStream.js";

// Child process of benchCloseEpoch: builds the seeded epoch (timing the tree from the database and
// every proof of it apart from the rest), reads its dataset back, checks 1,000 proofs from the
// stored pages; its figures as one JSON line on stdout.
// argv: url schema (PostgreSQL), or `pglite` dataDir.
const [url, where] = process.argv.slice(2) as [string, string];
const EPOCH = 30_000_000n;
const db = url === "pglite" ? await openPglite({ dataDir: where }) : await openPostgres({ url, schema: where, max: 2 });
const seconds = (ms: number): number => Math.round(ms / 10) / 100;
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const load0 = loadavg()[0]!;
const c0 = cpuMs();
const t0 = performance.now();
let tree = { seconds: 0, cpuSeconds: 0 };
let proofs = { ms: 0, cpuMs: 0 };
const onTree = (built: Parameters<typeof writeEveryProof>[0]) => {
  tree = { seconds: seconds(performance.now() - t0), cpuSeconds: seconds(cpuMs() - c0) };
  const [t, c] = [performance.now(), cpuMs()];
  writeEveryProof(built);
  proofs = { ms: performance.now() - t, cpuMs: cpuMs() - c };
  // Said at once: the dataset pass after it takes many minutes at 10M.
  console.error(
    `close epoch: tree from the database ${tree.seconds} s wall / ${tree.cpuSeconds} s CPU, every proof ${seconds(proofs.ms)} s / ${seconds(proofs.cpuMs)} s CPU, ` +
      `peak RSS so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MB, load average ${load0} → ${loadavg()[0]}; ` +
      `now the dataset pass (every row's leaf checked against its id, the dataset written)`,
  );
};
const built = await buildEpoch({ db, chainId: 31_337, escrow: "0x5FbDB2315678afecb367f032d93F642f64180aa3", epochSeconds: 60, onTree }, EPOCH);
// The whole build without the proofs, which the indexer does not write at close.
const buildSeconds = seconds(performance.now() - t0 - proofs.ms);
const buildCpuSeconds = seconds(cpuMs() - c0 - proofs.cpuMs);
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const load1 = loadavg()[0]!;

const t1 = performance.now();
const hasher = await createKeccak(256);
hasher.init();
let datasetBytes = 0;
for await (const piece of (await getEpochDataset(db, EPOCH))!) {
  hasher.update(piece);
  datasetBytes += piece.length;
}
const datasetReadSeconds = seconds(performance.now() - t1);
const datasetHashMatches = `0x${hasher.digest("hex")}` === built.datasetHash;

const sample = await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE epoch = $1 ORDER BY random() LIMIT 1000`, [EPOCH]);
const lookup = createProofLookup(db);
let proofsChecked = 0;
for (const row of sample) {
  const r = toReview(row);
  if (isReviewProven(built.root, r, await lookup.proofOf(EPOCH, r.id))) proofsChecked++;
}
await db.close();
const row = {
  treeSeconds: tree.seconds,
  treeCpuSeconds: tree.cpuSeconds,
  allProofsSeconds: seconds(proofs.ms),
  allProofsCpuSeconds: seconds(proofs.cpuMs),
  datasetPassSeconds: Math.round((buildSeconds - tree.seconds) * 100) / 100,
  datasetPassCpuSeconds: Math.round((buildCpuSeconds - tree.cpuSeconds) * 100) / 100,
  buildSeconds,
  buildCpuSeconds,
  peakRssMb,
  loadAverage: [load0, load1],
  root: built.root,
  datasetBytes,
  datasetReadSeconds,
  datasetHashMatches,
  proofsChecked,
};
process.stdout.write(`${JSON.stringify(row)}\n`);
