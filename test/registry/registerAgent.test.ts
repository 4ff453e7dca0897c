import { describe, it } from "mocha";
import { expect } from "chai";
import { readAgent } from "../../agents/chain/identityRegistry.js";
import { a2aCardUri, ensureRegistered, fetchDocument, parseRegistrationFile, registerAgent, verifyAgentCard } from "../../agents/registry/index.js";
import { deployRegistry } from "./fixture.js";

const input = { name: "eve", description: "worker", url: "http://127.0.0.1:9005/a2a", skills: ["code", "audit"], costPerStep: 900, maxSteps: 30 };

describe("registerAgent", () => {
  it("registers, binds a separate agent wallet and publishes a signed card that checks against the chain", async () => {
    const f = await deployRegistry();
    const result = await registerAgent(f.clients(1), f.signer(7), input);
    const onChain = await readAgent(f.publicClient, f.registry, result.agentId);
    expect(onChain).to.deep.equal({ agentId: result.agentId, owner: f.addr(1), agentURI: result.agentURI, wallet: f.addr(7) });
    const file = parseRegistrationFile(await fetchDocument(onChain.agentURI));
    const checked = await verifyAgentCard(await fetchDocument(a2aCardUri(file)), { chainId: f.chainId, registry: f.registry, agentId: result.agentId, wallet: onChain.wallet });
    expect(checked.skills).to.deep.equal(["code", "audit"]);
    expect(checked.wallet).to.equal(f.addr(7));
  });

  it("an agent that owns its own identity needs no wallet proof; ids differ per registration", async () => {
    const f = await deployRegistry();
    const a = await registerAgent(f.clients(2), f.signer(2), input);
    const b = await registerAgent(f.clients(3), f.signer(3), { ...input, name: "other" });
    expect(b.agentId).to.equal(a.agentId + 1n);
    expect((await readAgent(f.publicClient, f.registry, a.agentId)).wallet).to.equal(f.addr(2));
    expect(await f.contract.read.totalAgents()).to.equal(2n);
  });

  it("ensureRegistered keeps an agent's id across restarts, and registers an account that has none", async () => {
    const f = await deployRegistry();
    const first = await ensureRegistered(f.clients(3), f.signer(3), input);
    const again = await ensureRegistered(f.clients(3), f.signer(3), input);
    const other = await ensureRegistered(f.clients(4), f.signer(4), input);
    expect([first.fresh, again.fresh, other.fresh]).to.deep.equal([true, false, true]);
    expect(again.agentId).to.equal(first.agentId);
    expect(other.agentId).to.not.equal(first.agentId);
    expect(await f.contract.read.totalAgents()).to.equal(2n);
  });
});
