import { expect } from "chai";
import { describe, it } from "mocha";
import { LlmConfigError, SimulatedLlmClient, createLlmClient, gatherBidEstimates } from "../../agents/llm/index.js";
import { starterCriteria } from "../../agents/protocol/criteria.js";
import { runMachineChecks } from "../../agents/protocol/machineChecks.js";
import type { LlmClient } from "../../agents/llm/index.js";
import { makeTask, profile } from "./fixtures.js";

const tasks = Array.from({ length: 200 }, (_, i) => makeTask(i + 1));

async function run(llm: LlmClient) {
  const out = [];
  for (const t of tasks.slice(0, 20)) out.push([await llm.estimateBid(t, profile), await llm.execute(t)]);
  return out;
}

describe("SimulatedLlmClient", () => {
  it("is deterministic for a seed and differs across seeds", async () => {
    const truth = { workerId: "w1", trueSuccessRate: 0.5, overconfidence: 1.4, claimNoise: 0.05 };
    const a = await run(new SimulatedLlmClient({ ...truth, seed: 1 }));
    const b = await run(new SimulatedLlmClient({ ...truth, seed: 1 }));
    const c = await run(new SimulatedLlmClient({ ...truth, seed: 2 }));
    expect(a).to.deep.equal(b);
    expect(a).not.to.deep.equal(c);
    const succeeded = (seed: number) => tasks.map((t) => new SimulatedLlmClient({ ...truth, seed }).succeeds(t));
    expect(succeeded(1)).not.to.deep.equal(succeeded(2));
  });

  it("succeeds at its hidden true rate and claims true rate × overconfidence", async () => {
    const llm = new SimulatedLlmClient({ workerId: "w1", seed: 3, trueSuccessRate: 0.6, overconfidence: 1.5, claimNoise: 0 });
    const rate = tasks.filter((t) => llm.succeeds(t)).length / tasks.length;
    expect(rate).to.be.closeTo(0.6, 0.08);
    expect((await llm.estimateBid(tasks[0]!, profile)).successProbability).to.be.closeTo(0.9, 1e-12);
    const capped = new SimulatedLlmClient({ trueSuccessRate: 0.9, overconfidence: 2, claimNoise: 0 });
    expect((await capped.estimateBid(tasks[0]!, profile)).successProbability).to.equal(0.99);
  });

  it("estimates cost from its true steps, biased by costBias and capped by maxSteps", async () => {
    const honest = new SimulatedLlmClient({ workerId: "w1", seed: 1, trueStepsMean: 10 });
    const optimist = new SimulatedLlmClient({ workerId: "w1", seed: 1, trueStepsMean: 10, costBias: 0.5 });
    const t = tasks[4]!;
    const real = honest.trueSteps(t);
    expect(real).to.be.within(7, 13);
    expect(await honest.estimateBid(t, profile)).to.include({ estimatedSteps: real, estimatedCost: real * 1000 });
    expect((await optimist.estimateBid(t, profile)).estimatedSteps).to.equal(Math.max(1, Math.round(real * 0.5)));
    expect((await honest.execute(t)).stepsUsed).to.equal(real);
    const huge = new SimulatedLlmClient({ trueStepsMean: 1000 });
    expect((await huge.estimateBid(t, profile)).estimatedSteps).to.equal(profile.maxSteps);
  });

  it("delivers output that meets the criteria when its hidden draw succeeds and misses one when it fails; the judge runs only the machine checks", async () => {
    const worker = new SimulatedLlmClient({ workerId: "w1", seed: 9, trueSuccessRate: 0.5 });
    const judge = new SimulatedLlmClient({ workerId: "manager", seed: 100 });
    let good = 0;
    let bad = 0;
    for (const t of [...tasks.slice(0, 100), ...tasks.slice(100).map((x) => ({ ...x, criteria: starterCriteria(["code"]) }))]) {
      const { output } = await worker.execute(t);
      const { score, reasons } = await judge.judge(t, output);
      const checks = runMachineChecks(t.criteria, output);
      expect(reasons).to.have.length.greaterThan(0);
      if (worker.succeeds(t)) {
        good++;
        expect(checks.every((r) => r.passed), output).to.equal(true);
        expect(score, t.taskId).to.equal(1);
      } else {
        bad++;
        expect(checks.some((r) => !r.passed), output).to.equal(true);
        expect(score, t.taskId).to.be.below(0.5);
      }
    }
    expect(good).to.be.greaterThan(50);
    expect(bad).to.be.greaterThan(50);
  });

  it("passes honest output written by anyone that meets the criteria (no secret format) and fails output that misses one", async () => {
    const judge = new SimulatedLlmClient({ workerId: "manager" });
    const t = tasks[0]!;
    const outside = "Result for the brief. I summarise the three points and end with a conclusion: the plan holds up well overall.";
    expect(await judge.judge(t, outside)).to.deep.equal({ score: 1, reasons: ["Every machine check passed."], model: "machine-checks" });
    const missing = await judge.judge(t, outside.replace("conclusion", "ending"));
    expect(missing.score).to.be.below(0.5);
    expect(missing.reasons).to.deep.equal(['requiredTerm: missing "conclusion"']);
    expect((await judge.judge(t, "I did it, trust me")).score).to.be.below(0.5);
  });

  it("error: rejects an invalid truth with a typed config error", () => {
    expect(() => new SimulatedLlmClient({ trueSuccessRate: 1.5 })).to.throw(LlmConfigError).with.property("code", "LLM_INVALID_CONFIG");
  });
});

describe("createLlmClient", () => {
  it("uses the stand-in when no API key is set and Anthropic when one is", () => {
    expect(createLlmClient({}, {}).kind).to.equal("simulated");
    expect(createLlmClient({ apiKey: "  " }, {}).kind).to.equal("simulated");
    expect(createLlmClient({}, { ANTHROPIC_API_KEY: "sk-test" }).kind).to.equal("anthropic");
    expect(createLlmClient({ apiKey: "sk-test" }, {}).kind).to.equal("anthropic");
    expect(createLlmClient({ apiKey: "sk-test", offline: true }, {}).kind).to.equal("simulated");
  });

  it("passes the simulated truth to the stand-in", () => {
    const llm = createLlmClient({ simulated: { workerId: "w9", trueSuccessRate: 0.3 } }, {}) as SimulatedLlmClient;
    expect(llm.truth).to.include({ workerId: "w9", trueSuccessRate: 0.3 });
  });

  it("error: rejects invalid configuration without echoing the key", () => {
    let caught: unknown;
    try {
      createLlmClient({ apiKey: "sk-secret", baseURL: "not a url", maxRetries: -1 }, {});
    } catch (e) {
      caught = e;
    }
    expect(caught).to.be.instanceOf(LlmConfigError);
    expect((caught as LlmConfigError).code).to.equal("LLM_INVALID_CONFIG");
    expect((caught as Error).message).not.to.contain("sk-secret");
  });
});

describe("gatherBidEstimates", () => {
  it("drops a failing bidder and keeps the others", async () => {
    const failing: LlmClient = {
      kind: "simulated",
      estimateBid: () => Promise.reject(new LlmConfigError("nope")),
      execute: () => Promise.reject(new Error("unused")),
      judge: () => Promise.reject(new Error("unused")),
    };
    const crashing: LlmClient = { ...failing, estimateBid: () => Promise.reject(new TypeError("bug")) };
    const good = new SimulatedLlmClient({ workerId: "w3" });
    const { estimates, dropped } = await gatherBidEstimates(tasks[0]!, [
      { profile: { ...profile, agentId: "w1" }, llm: failing },
      { profile: { ...profile, agentId: "w2" }, llm: crashing },
      { profile: { ...profile, agentId: "w3" }, llm: good },
    ]);
    expect(estimates.map((e) => e.agentId)).to.deep.equal(["w3"]);
    expect(dropped.map((d) => [d.agentId, d.error.kind])).to.deep.equal([["w1", "user"], ["w2", "system"]]);
  });
});
