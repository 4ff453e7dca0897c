import { expect } from "chai";
import { describe, it } from "mocha";
import { getAddress, type Hex } from "viem";
import { EvidenceBook, evidenceSummary, rulingBps } from "../../agents/arbiter/evidenceBook.js";
import { meetingOutput } from "../../agents/llm/simulatedOutput.js";
import { starterCriteria } from "../../agents/protocol/criteria.js";
import { resultHash, specHash } from "../../agents/protocol/hashes.js";
import { runMachineChecks } from "../../agents/protocol/machineChecks.js";
import type { TaskSpec } from "../../agents/protocol/task.js";
import { verdictRecord, type VerdictRecord } from "../../agents/protocol/verdict.js";
import { MemoryStore } from "../../agents/runtime/MemoryStore.js";
import type { EscrowPort, EscrowTask } from "../../agents/runtime/ports.js";

const client = getAddress(`0x${"11".repeat(20)}`);
const worker = getAddress(`0x${"33".repeat(20)}`);
const spec: TaskSpec = {
  taskId: `0x${"ab".repeat(32)}`,
  title: "Summarise a paper",
  description: "Summarise the attached abstract in three sentences.",
  requiredSkills: ["summarise"],
  preferredSkills: [],
  budget: "5000000",
  token: getAddress(`0x${"22".repeat(20)}`),
  deadline: 1_800_000_000,
  reviewPeriod: 3_600,
  arbiter: getAddress(`0x${"44".repeat(20)}`),
  criteria: starterCriteria(["summarise"]),
};
const failing = meetingOutput(spec, "w").replaceAll("conclusion", "ending");
const task = { client, taskId: spec.taskId as Hex };
const chain = { terms: { client, worker }, submission: { resultHash: resultHash(failing), reviewDeadline: 0n } } as unknown as Pick<EscrowTask, "terms" | "submission">;
const judge = { kind: "anthropic" as const, model: "claude-sonnet-4-6", agent: client };
const honestVerdict = verdictRecord({ spec, output: failing, judged: { score: 0.9, reasons: ["fine"], criteria: [{ id: "r1", criterion: "c", score: 0.9, reason: "ok" }] }, judge });

const arbiter = spec.arbiter as Hex;
const escrow = { getTask: async () => ({ terms: { client, worker, arbiter }, specHash: specHash(spec) }) } as unknown as Pick<EscrowPort, "getTask">;
const from = (address: Hex) => ({ agentId: "1", address: getAddress(address) });

/** A book that heard both parties' evidence, then each verdict in a dispute report sent by `sender` (the client by default). */
async function bookWith(verdicts: VerdictRecord[], sender: Hex = client): Promise<EvidenceBook> {
  const book = new EvidenceBook(new MemoryStore());
  const evidence = { type: "evidence" as const, taskId: spec.taskId, client, spec, reason: "disputed" };
  await book.take(evidence, from(client), escrow, arbiter);
  const result = { worker, output: failing, resultHash: resultHash(failing), signature: `0x${"00".repeat(65)}` as const };
  await book.take({ ...evidence, result }, from(worker), escrow, arbiter);
  for (const verdict of verdicts) book.record({ type: "report", taskId: spec.taskId, reporter: client, worker, outcome: "disputed", verdict }, from(sender));
  return book;
}

describe("EvidenceBook: verdict records and machine checks", () => {
  it("hands the arbiter and jurors the machine checks run on the delivered output and the client's verdict that replays", async () => {
    const evidence = (await bookWith([honestVerdict])).evidenceFor(task, chain)!;
    expect(evidence.checks).to.deep.equal(runMachineChecks(spec.criteria, failing));
    expect(evidence.verdict).to.deep.equal(honestVerdict);
    expect(honestVerdict.score).to.equal(0.49);
    expect(evidenceSummary(evidence)).to.equal("checks 6/7 passed; client verdict 0.49 (anthropic claude-sonnet-4-6) replays");
  });

  it("attack: an arbiter's or juror's judge that scores a failed check 1.0 still rules at most 49% for the worker", async () => {
    const evidence = (await bookWith([])).evidenceFor(task, chain)!;
    expect(rulingBps(evidence, 1)).to.equal(4_900);
    const honestOutput = meetingOutput(spec, "w");
    expect(rulingBps({ output: honestOutput, submittedHash: resultHash(honestOutput), checks: runMachineChecks(spec.criteria, honestOutput) }, 1)).to.equal(10_000);
  });

  it("error: a verdict that does not replay, is not the client's, or is not sent by the client is no evidence", async () => {
    const raised = { ...honestVerdict, score: 0.9 }; // the cap removed
    const byWorker = { ...honestVerdict, judge: { ...judge, agent: worker } };
    const otherOutput = verdictRecord({ spec, output: "something else", judged: { score: 0.1, reasons: [] }, judge });
    const evidence = (await bookWith([raised, byWorker, otherOutput])).evidenceFor(task, chain)!;
    expect(evidence.verdict).to.equal(undefined);
    expect(evidenceSummary(evidence)).to.contain("no replayable client verdict");
    // the honest one still counts when it arrives among them
    expect((await bookWith([raised, honestVerdict])).evidenceFor(task, chain)!.verdict).to.deep.equal(honestVerdict);
    // attack: the worker sends the client's genuine-looking verdict in a report of its own: it is not the client's word
    expect((await bookWith([honestVerdict], worker)).evidenceFor(task, chain)!.verdict).to.equal(undefined);
  });
});
