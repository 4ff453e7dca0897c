import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  a2aCardUri,
  buildAgentCard,
  buildRegistrationFile,
  canonicalJson,
  parseAgentCard,
  parseRegistrationFile,
  RegistryDocumentError,
  signAgentCard,
  verifyAgentCard,
  type AgentCard,
  type CardSigner,
} from "../../agents/registry/index.js";

/** A local account as the CardSigner the agents pass (runtime's walletSigner does the same for a WalletClient). */
function keyOf(byte: string): CardSigner {
  const account = privateKeyToAccount(`0x${byte.repeat(32)}`);
  return { address: account.address, signTypedData: (args) => account.signTypedData(args as never) };
}
const agentKey = keyOf("11");
const hostKey = keyOf("22");
const registry = getAddress("0x8004a169fb4a3325136eb29fa0ceb6d2e539a432");
const expected = { chainId: 31337, registry, agentId: 7n, wallet: agentKey.address };

function card(wallet: Address = agentKey.address, overrides: Partial<Parameters<typeof buildAgentCard>[0]> = {}): AgentCard {
  return buildAgentCard({
    name: "cy",
    description: "code and audit worker",
    url: "http://127.0.0.1:9001/a2a",
    skills: ["code", "Audit"],
    costPerStep: 1_500,
    maxSteps: 24,
    chainId: 31337,
    registry,
    agentId: 7n,
    wallet,
    ...overrides,
  });
}

async function rejected(p: Promise<unknown>, code: string): Promise<RegistryDocumentError> {
  const err = await p.then(
    () => expect.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(RegistryDocumentError);
  expect((err as RegistryDocumentError).code).to.equal(code);
  return err as RegistryDocumentError;
}

describe("Agent Card", () => {
  it("builds an A2A card with one skill per tag, price, step limit and wallet, signs it and verifies it", async () => {
    const signed = await signAgentCard(card(), agentKey);
    expect(signed.skills.map((s) => s.tags)).to.deep.equal([["code"], ["Audit"]]);
    const checked = await verifyAgentCard(JSON.parse(JSON.stringify(signed)), expected);
    expect(checked).to.include({ agentId: 7n, wallet: agentKey.address, costPerStep: 1_500, maxSteps: 24, url: "http://127.0.0.1:9001/a2a" });
    expect(checked.skills).to.deep.equal(["code", "audit"]);
  });

  it("error: a card swapped by a host (signed by another key) is rejected", async () => {
    const swapped = await signAgentCard(card(hostKey.address, { url: "http://evil.example/a2a" }), hostKey);
    await rejected(verifyAgentCard(swapped, expected), "CARD_WRONG_WALLET");
    // Same wallet named, but the host's key signs: the signature does not recover to the wallet.
    const forged = await signAgentCard(card(hostKey.address), hostKey);
    const ext = forged.capabilities.extensions![0]!;
    ext.params = { ...ext.params, wallet: agentKey.address };
    await rejected(verifyAgentCard(forged, expected), "CARD_BAD_SIGNATURE");
  });

  it("error: any change after signing (price, skills, unknown fields) breaks the signature", async () => {
    const signed = await signAgentCard(card(), agentKey);
    const cheaper = structuredClone(signed);
    (cheaper.capabilities.extensions![0]!.params as Record<string, unknown>).costPerStep = 1;
    await rejected(verifyAgentCard(cheaper, expected), "CARD_BAD_SIGNATURE");
    const moreSkills = structuredClone(signed);
    moreSkills.skills.push({ id: "translate", name: "translate", description: "", tags: [] });
    await rejected(verifyAgentCard(moreSkills, expected), "CARD_BAD_SIGNATURE");
    await rejected(verifyAgentCard({ ...signed, iconUrl: "http://x" }, expected), "CARD_BAD_SIGNATURE");
    const unsigned = card();
    await rejected(verifyAgentCard(unsigned, expected), "CARD_BAD_SIGNATURE");
  });

  it("error: a valid card of another agent id, registry or chain is rejected", async () => {
    const signed = await signAgentCard(card(), agentKey);
    await rejected(verifyAgentCard(signed, { ...expected, agentId: 8n }), "CARD_WRONG_AGENT");
    await rejected(verifyAgentCard(signed, { ...expected, chainId: 1 }), "CARD_WRONG_AGENT");
    await rejected(verifyAgentCard(signed, { ...expected, wallet: hostKey.address }), "CARD_WRONG_WALLET");
    await rejected(signAgentCard(card(), hostKey), "CARD_WRONG_WALLET");
  });

  it("error: malformed cards are typed errors, not crashes", async () => {
    for (const bad of [null, "card", {}, { ...card(), skills: [] }, { ...card(), url: "not a url" }]) {
      expect(() => parseAgentCard(bad)).to.throw(RegistryDocumentError).with.property("code", "REGISTRY_DOC_INVALID");
    }
    const noExt = { ...card(), capabilities: {} };
    await rejected(verifyAgentCard(noExt, expected), "REGISTRY_DOC_INVALID");
  });

  it("canonical JSON does not depend on key order", () => {
    expect(canonicalJson({ b: [1, { d: null, c: "x" }], a: true })).to.equal(canonicalJson({ a: true, b: [1, { c: "x", d: null }] }));
    expect(canonicalJson({ b: 1, a: 2 })).to.equal('{"a":2,"b":1}');
  });
});

describe("registration file", () => {
  it("lists the A2A service (the card URI) and the registry entry; parses back", () => {
    const file = buildRegistrationFile({ name: "cy", description: "d", cardUri: "https://cy.example/card.json", chainId: 31337, registry, agentId: 7n });
    const back = parseRegistrationFile(JSON.parse(JSON.stringify(file)));
    expect(a2aCardUri(back)).to.equal("https://cy.example/card.json");
    expect(back.registrations).to.deep.equal([{ agentId: "7", agentRegistry: `eip155:31337:${registry}` }]);
  });

  it("error: a file of another type, or without an A2A service, is a typed error", () => {
    expect(() => parseRegistrationFile({ type: "x", name: "a", services: [{ name: "A2A", endpoint: "u" }] })).to.throw(RegistryDocumentError);
    const file = parseRegistrationFile({ type: "https://eips.ethereum.org/EIPS/eip-8004#registration-v1", name: "a", services: [{ name: "MCP", endpoint: "u" }] });
    expect(() => a2aCardUri(file)).to.throw(RegistryDocumentError).with.property("code", "REGISTRY_FILE_NO_A2A");
  });
});
