// `npm run protocol:export`: writes the protocol's machine-readable artefacts to docs/protocol/
// (JSON Schemas of the messages, EIP-712 types, contract ABIs, the indexer's OpenAPI document) and
// removes files there that no longer have a source. test/protocol/artifacts.test.ts fails when they are stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ARTIFACTS_DIR, protocolArtifacts } from "../agents/sdk/protocolArtifacts.js";

const artifacts = protocolArtifacts();
const wanted = new Set(artifacts.map((a) => a.path));
for (const dir of ["schemas", "abi"].map((d) => join(ARTIFACTS_DIR, d))) {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (!wanted.has(join(dir, f))) rmSync(join(dir, f));
}
for (const a of artifacts) {
  mkdirSync(dirname(a.path), { recursive: true });
  writeFileSync(a.path, a.content);
}
console.log(`protocol:export: ${artifacts.length} files in ${ARTIFACTS_DIR}/`);
