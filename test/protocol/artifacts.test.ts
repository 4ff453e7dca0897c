import { describe, it } from "mocha";
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { ARTIFACTS_DIR, protocolArtifacts } from "../../agents/sdk/protocolArtifacts.js";
import { createApp } from "../../agents/indexer/api/app.js";
import type { IndexerApi } from "../../agents/indexer/api/app.js";
import { parseMessage } from "../../agents/protocol/parseMessage.js";
import { spec, wireMessages } from "../agents/fixtures/messages.js";

const STALE = "out of date: run `npm run protocol:export` and commit docs/protocol/";
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

describe("protocol artefacts (docs/protocol)", () => {
  it("are exactly what `npm run protocol:export` generates from the zod schemas, the contracts and the indexer's routes", () => {
    const artifacts = protocolArtifacts();
    for (const a of artifacts) {
      expect(existsSync(a.path), `${a.path} missing: ${STALE}`).to.equal(true);
      expect(readFileSync(a.path, "utf8"), `${a.path} ${STALE}`).to.equal(a.content);
    }
    const wanted = new Set(artifacts.map((a) => a.path));
    for (const dir of ["schemas", "abi"].map((d) => join(ARTIFACTS_DIR, d)))
      for (const f of readdirSync(dir)) expect(wanted.has(join(dir, f)), `${join(dir, f)} has no source: ${STALE}`).to.equal(true);
  });

  it("serves the checked-in OpenAPI document at /openapi.json and a reference page at /docs", async () => {
    const app = createApp({} as IndexerApi, { bodyLimit: 4096 });
    const served = await app.request("/openapi.json");
    expect(served.status).to.equal(200);
    const doc = (await served.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc).to.deep.equal(readJson(`${ARTIFACTS_DIR}/openapi.json`));
    expect(doc.openapi).to.equal("3.1.0");
    expect(Object.keys(doc.paths)).to.include.members(["/reviews", "/reviews/{id}", "/agents/{address}/reputation", "/epochs/{n}", "/agents"]);
    const page = await app.request("/docs");
    expect(page.headers.get("content-type")).to.match(/^text\/html/);
    const html = await page.text();
    for (const path of Object.keys(doc.paths)) expect(html).to.contain(path);
  });

  it("the JSON Schemas accept every message our agents accept, and refuse what they refuse", () => {
    const ajv = new Ajv2020({ strict: false });
    const one = ajv.compile(readJson(`${ARTIFACTS_DIR}/schemas/message.json`));
    for (const m of wireMessages) {
      const own = ajv.compile(readJson(`${ARTIFACTS_DIR}/schemas/${m.type}.json`));
      expect(own(m), `${m.type}: ${JSON.stringify(own.errors)}`).to.equal(true);
      expect(one(m), `${m.type} as a message`).to.equal(true);
    }
    expect(ajv.validate(readJson(`${ARTIFACTS_DIR}/schemas/task-spec.json`), spec)).to.equal(true);
    const bid = wireMessages.find((m) => m.type === "bid")!;
    const bad: unknown[] = [
      { ...bid, signature: "0x1234" },
      { ...bid, terms: { ...bid.terms, amount: 4 } },
      { ...bid, bonus: 1 },
      { type: "gossip", taskId: spec.taskId },
      { ...wireMessages[0], escrow: "0x12" },
    ];
    for (const b of bad) {
      expect(parseMessage(b).ok).to.equal(false);
      expect(one(b), JSON.stringify(b).slice(0, 80)).to.equal(false);
    }
  });
});
