import { describe, it } from "mocha";
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { getAddress, hashTypedData, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { claimedSuccessBpsOf, unpackSettings } from "../../agents/chain/escrowTerms.js";
import { agentCardTypedData, agentWalletSetTypedData } from "../../agents/protocol/identity712.js";
import { envelopeTypedData, payloadHash } from "../../agents/protocol/envelope.js";
import { canonicalJson } from "../../agents/protocol/hashes.js";
import { ReplayGuard } from "../../agents/protocol/replayGuard.js";
import { signEnvelope } from "../../agents/protocol/signEnvelope.js";
import { verifyEnvelope } from "../../agents/protocol/verifyEnvelope.js";
import type { EnvelopeSigner } from "../../agents/protocol/envelope.js";
import type { Message } from "../../agents/protocol/messages.js";
import { buildAgentCard, marketExtension } from "../../agents/registry/agentCard.js";
import { cardHash, signAgentCard, unsignedCard, verifyAgentCard } from "../../agents/registry/cardSignature.js";

const doc = readFileSync("docs/PROTOCOL.md", "utf8");
// The vector's fields are whatever the document says; the code under test checks their types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const vector = (name: string): Record<string, any> => {
  const all = [...doc.matchAll(/```json test-vector\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
  const v = all.filter((x) => x.vector === name);
  expect(v, `docs/PROTOCOL.md has one "${name}" vector`).to.have.lengthOf(1);
  return v[0]!;
};

describe("docs/PROTOCOL.md section 9 (joining) and the settings word", () => {
  it("Agent Card vector: the card the code builds, its canonical JSON and hash, the EIP-712 digest and the signature of Hardhat key #0, accepted by the card check", async () => {
    const v = vector("agentCard");
    const account = privateKeyToAccount(v.privateKey);
    const ext = marketExtension(v.card);
    const built = buildAgentCard({
      name: v.card.name, description: v.card.description, url: v.card.url, skills: v.card.skills.map((s: { id: string }) => s.id),
      costPerStep: ext.costPerStep, maxSteps: ext.maxSteps, chainId: v.chainId, registry: v.registry, agentId: BigInt(v.agentId), wallet: account.address,
    });
    expect(built).to.deep.equal(unsignedCard(v.card));
    expect(canonicalJson(unsignedCard(v.card))).to.equal(v.canonicalJson);
    expect(cardHash(v.card)).to.equal(v.cardHash);
    const typed = agentCardTypedData(v.chainId, getAddress(v.registry), { agentId: BigInt(v.agentId), wallet: account.address, cardHash: v.cardHash });
    expect(hashTypedData(typed)).to.equal(v.digest);
    expect(ext.signature).to.equal(v.signature);
    expect(await signAgentCard(built, account as unknown as EnvelopeSigner)).to.deep.equal(v.card);
    const checked = await verifyAgentCard(v.card, { chainId: v.chainId, registry: getAddress(v.registry), agentId: BigInt(v.agentId), wallet: account.address });
    expect(checked.url).to.equal(v.card.url);
  });

  it("error: the vector's card with any byte changed, or presented for another agent id, fails the card check", async () => {
    const v = vector("agentCard");
    const wallet = privateKeyToAccount(v.privateKey).address;
    const expected = { chainId: v.chainId, registry: getAddress(v.registry), agentId: BigInt(v.agentId), wallet };
    const cheaper = structuredClone(v.card);
    cheaper.capabilities.extensions[0].params.costPerStep = 1;
    const moved = { ...v.card, url: "http://127.0.0.1:9002" };
    for (const card of [cheaper, moved]) {
      const err = await verifyAgentCard(card, expected).then(() => undefined, (e: unknown) => e);
      expect(err).to.have.property("code", "CARD_BAD_SIGNATURE");
    }
    const other = await verifyAgentCard(v.card, { ...expected, agentId: 8n }).then(() => undefined, (e: unknown) => e);
    expect(other).to.have.property("code", "CARD_WRONG_AGENT");
  });

  it("the exported JSON Schemas (docs/protocol/schemas) accept the documented card and a registration file pointing to it, and refuse a card without skills", () => {
    const ajv = new Ajv2020({ strict: false });
    const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(`docs/protocol/schemas/${name}.json`, "utf8")) as object);
    const card = vector("agentCard").card;
    const [cardSchema, fileSchema] = [schema("agent-card"), schema("registration-file")];
    expect(cardSchema(card)).to.equal(true);
    expect(cardSchema({ ...card, skills: [] })).to.equal(false);
    const file = { type: "https://eips.ethereum.org/EIPS/eip-8004#registration-v1", name: card.name, services: [{ name: "A2A", endpoint: "https://example.org/card.json", version: "0.3.0" }] };
    expect(fileSchema(file)).to.equal(true);
    expect(fileSchema({ ...file, services: [] })).to.equal(false);
  });

  it("AgentWalletSet vector: the ERC-8004 wallet proof's digest and signature", async () => {
    const v = vector("agentWalletSet");
    const typed = agentWalletSetTypedData(v.chainId, getAddress(v.registry), { agentId: BigInt(v.agentId), newWallet: getAddress(v.newWallet), owner: getAddress(v.owner), deadline: BigInt(v.deadline) });
    expect(hashTypedData(typed)).to.equal(v.digest);
    expect(await privateKeyToAccount(v.privateKey).signTypedData(typed)).to.equal(v.signature);
  });

  it("envelope vector: canonical payload, payload hash, digest and signature, and the receiver's check accepts it", async () => {
    const v = vector("envelope");
    const env = v.envelope;
    const domain = { chainId: v.chainId, escrow: getAddress(v.escrow), registry: getAddress(v.registry) };
    const account = privateKeyToAccount(v.privateKey);
    expect(canonicalJson(env.payload)).to.equal(v.canonicalPayload);
    expect(payloadHash(env.payload)).to.equal(env.payloadHash);
    const fields = { from: BigInt(env.from), to: getAddress(env.to), taskId: env.taskId, expiry: BigInt(env.expiry), nonce: BigInt(env.nonce), payloadHash: env.payloadHash };
    expect(hashTypedData(envelopeTypedData(domain, fields))).to.equal(v.digest);
    const sealed = await signEnvelope(account as unknown as EnvelopeSigner, domain, { from: env.from, to: env.to, message: env.payload as Message, expiry: fields.expiry, nonce: fields.nonce });
    expect(sealed).to.deep.equal(env);
    const resolver = { walletOf: async (id: bigint): Promise<Address | undefined> => (id === fields.from ? account.address : undefined) };
    const r = await verifyEnvelope(env, { domain, self: fields.to, resolver, replay: new ReplayGuard(), nowSeconds: fields.expiry - 60n });
    expect(r.ok).to.equal(true);
  });

  it("settings vector: TaskFunded's settings word unpacks to the five frozen settings and the bid's claim", () => {
    const v = vector("settings");
    const w = BigInt(v.settings);
    expect(unpackSettings(w)).to.deep.equal({ feeBps: v.feeBps, referrerShareBps: v.referrerShareBps, fallbackWorkerBps: v.fallbackWorkerBps, rulingWindow: v.rulingWindow, feeRecipient: v.feeRecipient });
    expect(claimedSuccessBpsOf(w)).to.equal(v.claimedSuccessBps);
  });
});
