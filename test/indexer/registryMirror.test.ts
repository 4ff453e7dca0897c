import { describe, it } from "mocha";
import { expect } from "chai";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getAddress } from "viem";
import { setAgentUri } from "../../agents/chain/identityRegistry.js";
import { createIndexer } from "../../agents/indexer/createIndexer.js";
import { IndexerClient } from "../../agents/indexer/client.js";
import { startIndexerServer } from "../../agents/indexer/server.js";
import { AgentListResponse, RegisteredAgentResponse } from "../../agents/indexer/api/agentSchemas.js";
import { buildAgentCard, buildRegistrationFile, registerAgent, signAgentCard, toDataUri } from "../../agents/registry/index.js";
import { deployRegistry } from "../registry/fixture.js";
import { backends, freshDb } from "./fixtures.js";

const worker = (name: string, skills: string[]) => ({ name, description: `${name} worker`, url: `http://127.0.0.1:9000/${name}`, skills, costPerStep: 1_000, maxSteps: 20 });

async function setup(backend: (typeof backends extends () => (infer B)[] ? B : never)) {
  const f = await deployRegistry();
  const db = await freshDb(backend);
  const indexer = await createIndexer({
    db,
    publicClient: f.publicClient,
    escrow: f.addr(0), // escrow ingest is not exercised here
    confirmations: 0,
    clock: () => 1_800_000_000,
    registry: { address: f.registry },
  });
  const get = async (path: string) => {
    const res = await indexer.app.request(path);
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const ids = async (skills: string) => AgentListResponse.parse((await get(`/agents?skills=${skills}`)).body).agents.map((a) => a.agentId);
  return { f, db, indexer, get, ids };
}

for (const backend of backends()) {
  describe(`indexer registry mirror (${backend})`, () => {
    it("serves GET /agents?skills= from checked cards only, and each event once however often it syncs", async () => {
      const { f, db, indexer, get, ids } = await setup(backend);
      try {
        const ada = await registerAgent(f.clients(1), f.signer(11), worker("ada", ["code", "audit"]));
        const bo = await registerAgent(f.clients(2), f.signer(2), worker("bo", ["Code"]));
        const first = await indexer.syncRegistry();
        expect(first).to.deep.include({ checked: 2, rejected: 0 });
        expect(first.events).to.be.greaterThan(4);
        expect((await indexer.syncRegistry()).events).to.equal(0);
        expect(await ids("code,audit")).to.deep.equal([ada.agentId.toString()]);
        expect(await ids("code")).to.deep.equal([ada.agentId.toString(), bo.agentId.toString()]);
        expect(await ids("translate")).to.deep.equal([]);
        const server = await startIndexerServer(indexer, { port: 0 });
        try {
          const client = new IndexerClient(server.url);
          expect((await client.agents(["audit", "code"])).agents.map((a) => a.name)).to.deep.equal(["ada"]);
          expect((await client.agent(bo.agentId)).skills).to.deep.equal(["code"]);
        } finally {
          await server.close();
        }
        const one = RegisteredAgentResponse.parse((await get(`/agents/${ada.agentId}`)).body);
        expect(one).to.deep.include({ status: "checked", wallet: f.addr(11), owner: f.addr(1), costPerStep: 1_000, maxSteps: 20, url: "http://127.0.0.1:9000/ada" });
        expect(one.skills).to.deep.equal(["code", "audit"]);
      } finally {
        await db.dispose();
      }
    });

    it("error: a card swapped by its host (signed by another key) is rejected and never listed", async () => {
      const { f, db, indexer, get, ids } = await setup(backend);
      try {
        const cy = await registerAgent(f.clients(3), f.signer(3), worker("cy", ["code", "audit"]));
        // The host replaces the card: same agent and wallet named, cheaper price, signed by the host's key.
        const forged = await signAgentCard(
          buildAgentCard({ ...worker("cy", ["code", "audit"]), costPerStep: 1, chainId: f.chainId, registry: f.registry, agentId: cy.agentId, wallet: f.addr(9) }),
          f.signer(9),
        );
        (forged.capabilities.extensions![0]!.params as Record<string, unknown>).wallet = f.addr(3);
        const file = buildRegistrationFile({ name: "cy", description: "", cardUri: toDataUri(forged), chainId: f.chainId, registry: f.registry, agentId: cy.agentId });
        await setAgentUri(f.clients(3), cy.agentId, toDataUri(file));
        expect(await indexer.syncRegistry()).to.deep.include({ checked: 0, rejected: 1 });
        expect(await ids("code")).to.deep.equal([]);
        const entry = RegisteredAgentResponse.parse((await get(`/agents/${cy.agentId}`)).body);
        expect(entry).to.deep.include({ status: "rejected", error: "CARD_BAD_SIGNATURE", card: null });
      } finally {
        await db.dispose();
      }
    });

    it("re-checks a card when the URI changes, fetches it over HTTP, and drops an agent whose token moved", async () => {
      const { f, db, indexer, ids } = await setup(backend);
      const docs = new Map<string, unknown>();
      const server = createServer((req, res) => (docs.has(req.url!) ? res.end(JSON.stringify(docs.get(req.url!))) : res.writeHead(404).end()));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const publish = async (kind: string, doc: unknown) => (docs.set(`/eve/${kind}.json`, doc), `${base}/eve/${kind}.json`);
        const eve = await registerAgent(f.clients(4), f.signer(4), { ...worker("eve", ["code"]), publish });
        await indexer.syncRegistry();
        expect(await ids("code")).to.deep.equal([eve.agentId.toString()]);

        const card = await signAgentCard(buildAgentCard({ ...worker("eve", ["audit"]), chainId: f.chainId, registry: f.registry, agentId: eve.agentId, wallet: f.addr(4) }), f.signer(4));
        const file = buildRegistrationFile({ name: "eve", description: "", cardUri: toDataUri(card), chainId: f.chainId, registry: f.registry, agentId: eve.agentId });
        await setAgentUri(f.clients(4), eve.agentId, toDataUri(file));
        await indexer.syncRegistry();
        expect([await ids("code"), await ids("audit")]).to.deep.equal([[], [eve.agentId.toString()]]);

        await f.contract.write.transferFrom([f.addr(4), f.addr(5), eve.agentId], { account: f.wallets[4]!.account! });
        await indexer.syncRegistry();
        expect(await ids("audit")).to.deep.equal([]);
        expect(getAddress((await indexer.agent(eve.agentId)).owner)).to.equal(f.addr(5));
      } finally {
        server.close();
        await db.dispose();
      }
    });

    it("rebuilds the mirror when a reorg replaced registry blocks it had ingested", async () => {
      const { f, db, indexer, ids } = await setup(backend);
      try {
        const snapshot = await f.networkHelpers.takeSnapshot();
        await registerAgent(f.clients(1), f.signer(1), worker("orphan", ["code"]));
        await indexer.syncRegistry();
        expect(await ids("code")).to.have.length(1);
        await snapshot.restore(); // the registration leaves the chain...
        await f.networkHelpers.mine(3);
        const kept = await registerAgent(f.clients(2), f.signer(2), worker("kept", ["audit"])); // ...and another history grows past it
        await indexer.syncRegistry();
        expect([await ids("code"), await ids("audit")]).to.deep.equal([[], [kept.agentId.toString()]]);
        expect((await indexer.agent(kept.agentId)).name).to.equal("kept");
      } finally {
        await db.dispose();
      }
    });

    it("error: unknown agent ids are 404 and malformed queries 400, with a typed error body", async () => {
      const { db, get } = await setup(backend);
      try {
        expect(await get("/agents/12345")).to.deep.include({ status: 404 });
        expect((await get("/agents/abc")).status).to.equal(400);
        expect((await get(`/agents?skills=${"x".repeat(65)}`)).status).to.equal(400);
        expect(((await get("/agents/12345")).body as { error: { code: string } }).error.code).to.equal("NOT_FOUND");
      } finally {
        await db.dispose();
      }
    });
  });
}
