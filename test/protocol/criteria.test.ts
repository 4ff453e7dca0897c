import { describe, it } from "mocha";
import { expect } from "chai";
import fc from "fast-check";
import { getAddress, keccak256, stringToHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { AcceptanceCriteria, isSafePattern, starterCriteria } from "../../agents/protocol/criteria.js";
import { FAILED_CHECK_CAP, runMachineChecks, scoreFromChecks } from "../../agents/protocol/machineChecks.js";
import { specHash } from "../../agents/protocol/hashes.js";
import { bidTypedData } from "../../agents/protocol/eip712.js";
import { TaskSpec } from "../../agents/protocol/task.js";
import { checkBid } from "../../agents/manager/checkBid.js";

const worker = privateKeyToAccount(keccak256(stringToHex("criteria worker")));
const addr = (label: string): Address => getAddress(keccak256(stringToHex(label)).slice(0, 42));
const base = TaskSpec.parse({
  taskId: keccak256(stringToHex("criteria-task")), title: "Summarise", description: "Summarise the text.",
  requiredSkills: ["summarise"], budget: "5000000", token: addr("token"), deadline: 1_800_003_600, reviewPeriod: 600, arbiter: addr("arbiter"),
});

async function signedBidFor(spec: TaskSpec) {
  const t = { taskId: spec.taskId as Hex, specHash: specHash(spec), client: addr("client"), worker: worker.address, token: addr("token"), amount: 1_000_000n,
    arbiter: addr("arbiter"), deadline: BigInt(spec.deadline), reviewPeriod: 600n, expiry: 1_800_000_600n, nonce: 1n, claimedSuccessBps: 8_000 };
  const signature = await worker.signTypedData(bidTypedData(31337, addr("escrow"), t));
  return { type: "bid" as const, taskId: t.taskId, agentId: "ada", terms: t, signature,
    estimate: { price: "1000000", estimatedSteps: 1, estimatedSeconds: 10, successProbability: 0.8, rationale: "r" } };
}
const ctxFor = (spec: TaskSpec) => ({ chainId: 31337, escrow: addr("escrow"), client: addr("client"), task: { spec, specHash: specHash(spec), open: true, bidders: [] },
  asked: [{ address: worker.address, agentId: "ada" }], notAsked: [], chainNow: 1_800_000_000n, minValiditySeconds: 60n });

const criteriaArb = fc.record({
  requiredTerms: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 3 }),
  forbiddenTerms: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 3 }),
  minLength: fc.option(fc.nat(100), { nil: undefined }),
  rubric: fc.string({ maxLength: 40 }),
}).map((c) => AcceptanceCriteria.parse(c));

describe("acceptance criteria", () => {
  it("are part of the spec hash: changed criteria change the hash, and a bid signed before the change no longer passes", async () => {
    await fc.assert(
      fc.asyncProperty(criteriaArb, criteriaArb, async (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        const before = TaskSpec.parse({ ...base, criteria: a });
        const after = TaskSpec.parse({ ...base, criteria: b });
        expect(specHash(before)).to.not.equal(specHash(after));
        const old = await signedBidFor(before);
        expect(await checkBid(old, ctxFor(before))).to.include({ ok: true });
        expect(await checkBid(old, ctxFor(after))).to.include({ ok: false, reason: "terms-mismatch" });
      }),
      { numRuns: 40 },
    );
  });

  it("run the machine checks in a fixed order with a result each; one failure caps the score below the release threshold", () => {
    const c = starterCriteria(["summarise"]);
    const good = "Result for the brief: I summarise the points and close with a conclusion that the plan holds well.";
    expect(runMachineChecks(c, good).map((r) => [r.check, r.passed])).to.deep.equal([
      ["requiredTerm", true], ["requiredTerm", true], ["forbiddenTerm", true], ["forbiddenTerm", true], ["minLength", true], ["maxLength", true], ["pattern", true],
    ]);
    expect(scoreFromChecks(runMachineChecks(c, good))).to.equal(1);
    const bad = runMachineChecks(c, `${good} TODO`);
    expect(bad.filter((r) => !r.passed)).to.deep.equal([{ check: "forbiddenTerm", passed: false, detail: 'contains "TODO"' }]);
    expect(scoreFromChecks(bad)).to.be.at.most(FAILED_CHECK_CAP).and.below(0.7);
  });

  it("check a JSON Schema (draft 2020-12) on the output parsed as JSON", () => {
    const c = starterCriteria(["code"]);
    const ok = JSON.stringify({ answer: "code conclusion: the function is correct for every input we tried", notes: "none so far" });
    expect(runMachineChecks(c, ok).every((r) => r.passed)).to.equal(true);
    const [schema] = runMachineChecks(c, JSON.stringify({ answer: "code conclusion" }));
    expect(schema).to.deep.include({ check: "jsonSchema", passed: false });
    expect(runMachineChecks(c, "not json")[0]).to.deep.equal({ check: "jsonSchema", passed: false, detail: "output is not JSON" });
  });

  it("error: a hostile spec is refused before anyone runs it: catastrophic regular expressions, in the pattern or inside the schema, and oversized schemas", () => {
    for (const p of ["(a+)+$", "(a*)*b", "(a|aa)+$", "(x+x+)+y", "(\\w+\\s?)*$", "(a)\\1", "(?=a)"]) expect(isSafePattern(p), p).to.equal(false);
    for (const p of ["^Result for ", "[0-9a-f]{8}", "(ab)+c", "\\bdone\\b", "^(?:yes|no)$"]) expect(isSafePattern(p), p).to.equal(true);
    expect(AcceptanceCriteria.safeParse({ pattern: "(a+)+$" }).success).to.equal(false);
    expect(AcceptanceCriteria.safeParse({ pattern: "a".repeat(257) }).success).to.equal(false);
    expect(AcceptanceCriteria.safeParse({ jsonSchema: { type: "string", pattern: "(a|a)*$" } }).success).to.equal(false);
    expect(AcceptanceCriteria.safeParse({ jsonSchema: { patternProperties: { "(b+)+": {} } } }).success).to.equal(false);
    expect(AcceptanceCriteria.safeParse({ jsonSchema: { enum: ["x".repeat(9_000)] } }).success).to.equal(false);
    let deep: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 20; i++) deep = { items: deep };
    expect(AcceptanceCriteria.safeParse({ jsonSchema: deep }).success).to.equal(false);
    expect(AcceptanceCriteria.safeParse({ minLength: 10, maxLength: 5 }).success).to.equal(false);
    expect(TaskSpec.safeParse({ ...base, criteria: { pattern: "(a+)+$" } }).success, "the spec itself is refused").to.equal(false);
  });
});
