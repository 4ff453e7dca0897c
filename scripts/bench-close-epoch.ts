// `./run bench:close-epoch [reviews] [schema | pglite]` (DATABASE_URL or TEST_DATABASE_URL): closes
// one epoch of that many stored reviews (default 1,000,000) from PostgreSQL and prints its figures as
// JSON on stdout, a summary on stderr. With a schema name the seeded reviews are kept there and reused
// by the next run with that name (seeding 10M takes most of an hour); without, a fresh schema is
// dropped. `pglite` seeds and builds on PGlite in a fresh temporary directory instead (no URL needed).
import { benchCloseEpoch } from "../agents/bench/closeEpochBench.js";

const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const leaves = Number(process.argv[2] ?? 1_000_000);
const schema = process.argv[3];
const pglite = schema === "pglite";
if (!url && !pglite) {
  console.error("bench:close-epoch needs DATABASE_URL or TEST_DATABASE_URL (PostgreSQL)");
  process.exit(2);
}
if (!Number.isSafeInteger(leaves) || leaves < 1) {
  console.error(`review count ${process.argv[2]} is not a positive integer`);
  process.exit(2);
}
const r = await benchCloseEpoch(pglite ? { pglite: true } : { url: url!, ...(schema ? { keepSchema: schema } : {}) }, leaves, (line) => console.error(line));
console.error(
  `close epoch of ${leaves} reviews on ${r.backend}: tree from the database ${r.treeSeconds} s wall / ${r.treeCpuSeconds} s CPU, every proof ${r.allProofsSeconds} s / ${r.allProofsCpuSeconds} s CPU ` +
    `(tree + every proof ${Math.round((r.treeSeconds + r.allProofsSeconds) * 100) / 100} s); dataset pass (leaf check + dataset + pages) ${r.datasetPassSeconds} s / ${r.datasetPassCpuSeconds} s CPU; whole build ${r.buildSeconds} s / ${r.buildCpuSeconds} s CPU; ` +
    `peak RSS ${r.peakRssMb} MB; load average ${r.loadAverage.join(" → ")}; dataset ${r.datasetBytes} bytes, hash ${r.datasetHashMatches ? "matches" : "DIFFERS"}; ${r.proofsChecked} of 1000 stored proofs check; root ${r.root}`,
);
console.log(JSON.stringify(r));
