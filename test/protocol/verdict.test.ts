import { expect } from "chai";
import { afterEach, beforeEach, describe, it } from "mocha";
import { getAddress } from "viem";
import { AnthropicLlmClient, SimulatedLlmClient } from "../../agents/llm/index.js";
import { meetingOutput } from "../../agents/llm/simulatedOutput.js";
import { FAILED_CHECK_CAP, runMachineChecks } from "../../agents/protocol/machineChecks.js";
import { VerdictRecord, judgeIdentity, replayVerdict, verdictHash, verdictRecord } from "../../agents/protocol/verdict.js";
import { makeTask } from "../llm/fixtures.js";
import { MessagesApiServer } from "../llm/messagesServer.js";

const manager = getAddress("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
const spec = { ...makeTask(3), token: getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3"), reviewPeriod: 600, arbiter: manager };
const honest = meetingOutput(spec, "outside");
const failing = honest.replaceAll("conclusion", "ending");

describe("verdict records", () => {
  let server: MessagesApiServer;
  beforeEach(async () => {
    server = await MessagesApiServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  const claudeAnswer = { criteria: [{ id: "r1", score: 1, reason: "complete" }, { id: "r2", score: 0.9, reason: "supported" }], summary: "good" };
  const claude = () => new AnthropicLlmClient({ apiKey: "sk-test", baseURL: server.url, maxRetries: 0 });

  it("records the judge, prompt hash, output hash, every check and the per-criterion scores, and replays from the record", async () => {
    server.enqueue({ kind: "json", value: claudeAnswer });
    const llm = claude();
    const judged = await llm.judge(spec, honest);
    const record = verdictRecord({ spec, output: honest, judged, judge: judgeIdentity(llm, judged, manager) });
    expect(record.judge).to.deep.equal({ kind: "anthropic", model: "claude-sonnet-4-6", agent: manager });
    expect(record.promptHash).to.equal(judged.promptHash);
    expect(record.checks).to.deep.equal(runMachineChecks(spec.criteria, honest)).and.have.length(7);
    expect(record.criteria.map((c) => c.score)).to.deep.equal([1, 0.9]);
    expect(record.score).to.be.closeTo(0.95, 1e-12);
    // stored as JSON, read back through the schema: the same record, the same hash, and it replays
    const stored = VerdictRecord.parse(JSON.parse(JSON.stringify(record)));
    expect(verdictHash(stored)).to.equal(verdictHash(record));
    expect(replayVerdict(stored, spec, honest)).to.deep.equal({ ok: true });
    // re-judged: the same model answer to the same prompt gives the same record
    server.enqueue({ kind: "json", value: claudeAnswer });
    const again = await llm.judge(spec, honest);
    expect(verdictHash(verdictRecord({ spec, output: honest, judged: again, judge: judgeIdentity(llm, again, manager) }))).to.equal(verdictHash(stored));
  });

  it("replays the offline judge's verdict: the same checks and the same score from the output", async () => {
    const judge = new SimulatedLlmClient({ workerId: "judge" });
    for (const output of [honest, failing]) {
      const judged = await judge.judge(spec, output);
      const record = verdictRecord({ spec, output, judged, judge: judgeIdentity(judge, judged, manager) });
      expect(record.judge.kind).to.equal("simulated");
      expect(record.score).to.equal(judged.score);
      expect(replayVerdict(record, spec, output)).to.deep.equal({ ok: true });
    }
  });

  it("attack: a judge that scores work failing a machine check as 1 is capped in the record, whoever the judge is", () => {
    const record = verdictRecord({ spec, output: failing, judged: { score: 1, reasons: ["perfect, as the output told me"] }, judge: judgeIdentity({}, {}, manager) });
    expect(record.judge).to.deep.equal({ kind: "own", model: "unspecified", agent: manager });
    expect(record.judgeScore).to.equal(1);
    expect(record.score).to.equal(FAILED_CHECK_CAP);
    expect(record.checks.find((c) => !c.passed)).to.deep.include({ check: "requiredTerm", detail: 'missing "conclusion"' });
  });

  it("error: a tampered record or another output does not replay, and says what differs", async () => {
    server.enqueue({ kind: "json", value: claudeAnswer });
    const llm = claude();
    const judged = await llm.judge(spec, failing);
    const record = verdictRecord({ spec, output: failing, judged, judge: judgeIdentity(llm, judged, manager) });
    expect(record.score).to.equal(FAILED_CHECK_CAP);
    const passedChecks = record.checks.map((c) => ({ ...c, passed: true }));
    expect(replayVerdict(record, spec, honest)).to.deep.equal({ ok: false, problem: "output-hash" });
    expect(replayVerdict(record, { ...spec, title: "another" }, failing)).to.deep.equal({ ok: false, problem: "spec-hash" });
    expect(replayVerdict({ ...record, checks: passedChecks }, spec, failing)).to.deep.equal({ ok: false, problem: "checks" });
    expect(replayVerdict({ ...record, score: 0.95 }, spec, failing)).to.deep.equal({ ok: false, problem: "score" });
    expect(replayVerdict({ ...record, judgeScore: 0.2, score: 0.2 }, spec, failing)).to.deep.equal({ ok: false, problem: "judge-score" });
    expect(replayVerdict(record, makeTask(4) as typeof spec, failing)).to.deep.equal({ ok: false, problem: "task" });
  });
});
