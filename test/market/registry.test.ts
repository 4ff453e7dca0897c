import { expect } from "chai";
import { describe, it } from "mocha";
import { CapabilityRegistry, MarketInputError } from "../../agents/market/index.js";
import type { CapabilityProfile } from "../../agents/protocol/task.js";

const profile = (agentId: string, skills: string[]): CapabilityProfile => ({ agentId, skills, costPerStep: 1, maxSteps: 10 });

describe("CapabilityRegistry", () => {
  it("keeps only agents with every required skill, in registration order", () => {
    const reg = new CapabilityRegistry();
    reg.register(profile("ts", ["typescript", "testing"]));
    reg.register(profile("sol", ["solidity", "typescript"]));
    reg.register(profile("writer", ["summarise"]));
    const { capable } = reg.filter({ requiredSkills: ["typescript"] });
    expect(capable.map((c) => c.profile.agentId)).to.deep.equal(["ts", "sol"]);
    const both = reg.filter({ requiredSkills: ["typescript", "solidity"] });
    expect(both.capable.map((c) => c.profile.agentId)).to.deep.equal(["sol"]);
  });

  it("matches skills case- and whitespace-insensitively", () => {
    const reg = new CapabilityRegistry();
    reg.register(profile("a", ["TypeScript "]));
    expect(reg.filter({ requiredSkills: ["typescript"] }).capable).to.have.length(1);
  });

  it("scores the share of preferred skills an agent has", () => {
    const reg = new CapabilityRegistry();
    reg.register(profile("a", ["typescript", "testing", "docs"]));
    reg.register(profile("b", ["typescript"]));
    const { capable } = reg.filter({ requiredSkills: ["typescript"], preferredSkills: ["testing", "docs", "rust", "go"] });
    expect(capable.map((c) => c.preferredMatch)).to.deep.equal([0.5, 0]);
    const none = reg.filter({ requiredSkills: ["typescript"], preferredSkills: [] });
    expect(none.capable.map((c) => c.preferredMatch)).to.deep.equal([1, 1]);
  });

  it("counts the bid solicitations the filter saved, per task and in total", () => {
    const reg = new CapabilityRegistry();
    for (let i = 0; i < 10; i++) reg.register(profile(`w${i}`, i < 3 ? ["solidity"] : ["summarise"]));
    expect(reg.filter({ requiredSkills: ["solidity"] }).solicitationsSaved).to.equal(7);
    expect(reg.filter({ requiredSkills: ["summarise"] }).solicitationsSaved).to.equal(3);
    expect(reg.filter({ requiredSkills: ["rust"] }).solicitationsSaved).to.equal(10);
    expect(reg.solicitationsSaved).to.equal(20);
    expect(reg.solicitationsWithoutFilter).to.equal(30);
  });

  it("replaces a profile registered twice under one id", () => {
    const reg = new CapabilityRegistry();
    reg.register(profile("a", ["x"]));
    reg.register(profile("a", ["y"]));
    expect(reg.size).to.equal(1);
    expect(reg.filter({ requiredSkills: ["x"] }).capable).to.have.length(0);
    expect(reg.unregister("a")).to.equal(true);
    expect(reg.get("a")).to.equal(undefined);
  });

  it("error: rejects a profile that fails the CapabilityProfile schema", () => {
    const reg = new CapabilityRegistry();
    const bad = { agentId: "a", skills: [], costPerStep: -1, maxSteps: 0 } as unknown as CapabilityProfile;
    expect(() => reg.register(bad)).to.throw(MarketInputError).with.property("code", "MARKET_INVALID_PROFILE");
    expect(reg.size).to.equal(0);
  });
});
