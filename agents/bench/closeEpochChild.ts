import { createKeccak } from "hash-wasm";
import { buildEpoch } from "../indexer/closeEpoch.js";
import { openPostgres } from "../indexer/db/postgres.js";
import { createProofLookup } from "../indexer/proofs.js";
import { getEpochDataset } from "../indexer/store.js";
import { isReviewProven } from "../protocol/reviewProof.js";
import { toReview, REVIEW_COLUMNS, type ReviewRow } from "../indexer/store.js";

// Child process of benchCloseEpoch: builds the seeded epoch, reads its dataset back, checks
// 1,000 proofs; its figures as one JSON line on stdout.
const [url, schema] = process.argv.slice(2) as [string, string];
const EPOCH = 30_000_000n;
const db = await openPostgres({ url, schema, max: 2 });
const seconds = (t0: number): number => Math.round((performance.now() - t0) / 10) / 100;
const c0 = process.cpuUsage();
let t0 = performance.now();
const built = await buildEpoch({ db, chainId: 31_337, escrow: "0x5FbDB2315678afecb367f032d93F642f64180aa3", epochSeconds: 60 }, EPOCH);
const buildSeconds = seconds(t0);
const cpu = process.cpuUsage(c0);
const buildCpuSeconds = Math.round((cpu.user + cpu.system) / 10_000) / 100;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

t0 = performance.now();
const hasher = await createKeccak(256);
hasher.init();
let datasetBytes = 0;
for await (const piece of (await getEpochDataset(db, EPOCH))!) {
  hasher.update(piece);
  datasetBytes += piece.length;
}
const datasetReadSeconds = seconds(t0);
const datasetHashMatches = `0x${hasher.digest("hex")}` === built.datasetHash;

const sample = await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE epoch = $1 ORDER BY random() LIMIT 1000`, [EPOCH]);
const proofs = createProofLookup(db);
let proofsChecked = 0;
for (const row of sample) {
  const r = toReview(row);
  if (isReviewProven(built.root, r, await proofs.proofOf(EPOCH, r.id))) proofsChecked++;
}
await db.close();
process.stdout.write(`${JSON.stringify({ buildSeconds, buildCpuSeconds, peakRssMb, datasetBytes, datasetReadSeconds, datasetHashMatches, proofsChecked })}\n`);
