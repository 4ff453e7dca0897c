import { describe, it } from "mocha";
import { expect } from "chai";
import { decideJuror, type JurorView } from "../../agents/arbiter/decideJuror.js";
import { simulatedJuror } from "../../agents/llm/simulatedJuror.js";
import { SimulatedLlmClient } from "../../agents/llm/simulated.js";

const view = (o: Partial<Omit<JurorView, "case">> & { case?: Partial<JurorView["case"]> } = {}): JurorView => ({
  escrowStatus: "Disputed",
  block: 10n,
  now: 1_000n,
  panelSize: 5,
  quorum: 3,
  onPanel: true,
  committed: false,
  revealed: false,
  holdsVote: false,
  ...o,
  case: { caseId: "0x01", status: "Drawn", drawBlock: 9n, commitEnd: 1_100n, revealEnd: 1_200n, rulingEnd: 1_500n, commits: 0, reveals: 0, ruling: 0, ...o.case },
});

describe("decideJuror", () => {
  it("opens the case of a disputed task, and only of a disputed one", () => {
    expect(decideJuror(view({ case: { status: "None" } })).kind).to.equal("open");
    expect(decideJuror(view({ escrowStatus: "Submitted", case: { status: "None" } })).kind).to.equal("wait");
  });

  it("draws once the draw block is mined, lapses an undrawn case after the commit window", () => {
    expect(decideJuror(view({ block: 8n, case: { status: "Opened" } })).kind).to.equal("wait");
    expect(decideJuror(view({ block: 9n, case: { status: "Opened" } })).kind).to.equal("draw");
    expect(decideJuror(view({ now: 1_099n, case: { status: "Opened" } })).kind).to.equal("draw");
    expect(decideJuror(view({ now: 1_100n, case: { status: "Opened" } })).kind).to.equal("lapse");
  });

  it("a seated juror commits until the commit window's last second, then reveals in the reveal window", () => {
    expect(decideJuror(view({ now: 1_099n })).kind).to.equal("commit");
    expect(decideJuror(view({ now: 1_099n, committed: true })).kind).to.equal("wait");
    expect(decideJuror(view({ now: 1_100n })).kind, "too late to commit").to.equal("wait");
    expect(decideJuror(view({ now: 1_100n, committed: true, holdsVote: true })).kind).to.equal("reveal");
    expect(decideJuror(view({ now: 1_199n, committed: true, holdsVote: true })).kind).to.equal("reveal");
    expect(decideJuror(view({ now: 1_150n, committed: true, holdsVote: false })).kind, "lost its salt").to.equal("wait");
    expect(decideJuror(view({ onPanel: false })).kind).to.equal("wait");
  });

  it("executes once every juror revealed, or after the reveal window with a quorum; else lapses", () => {
    expect(decideJuror(view({ now: 1_150n, onPanel: false, case: { reveals: 5 } })).kind).to.equal("execute");
    expect(decideJuror(view({ now: 1_150n, onPanel: false, case: { reveals: 4 } })).kind).to.equal("wait");
    expect(decideJuror(view({ now: 1_200n, onPanel: false, case: { reveals: 3 } })).kind).to.equal("execute");
    expect(decideJuror(view({ now: 1_200n, onPanel: false, case: { reveals: 2 } })).kind).to.equal("lapse");
    expect(decideJuror(view({ now: 1_500n, case: { reveals: 5 } })).kind, "past the escrow's ruling deadline").to.equal("lapse");
    expect(decideJuror(view({ case: { status: "Ruled" } })).kind).to.equal("wait");
  });
});

describe("simulatedJuror", () => {
  const task = { taskId: "0xabc" as const, title: "t", description: "d", requiredSkills: [], preferredSkills: [], budget: "1", deadline: 1 };
  const model = new SimulatedLlmClient({ workerId: "w", trueSuccessRate: 1 });

  it("reads like its underlying judge when perfectly accurate and unbiased, and leans by its bias", async () => {
    const output = (await model.execute(task)).output;
    const base = (await model.judge(task, output)).score;
    expect((await simulatedJuror(model, { jurorId: "a", accuracy: 1 }).judge(task, output)).score).to.equal(base);
    expect((await simulatedJuror(model, { jurorId: "a", accuracy: 1, bias: -0.2 }).judge(task, output)).score).to.be.closeTo(base - 0.2, 1e-9);
  });

  it("errs deterministically per juror and case, more when less accurate", async () => {
    const output = (await model.execute(task)).output;
    const base = (await model.judge(task, output)).score;
    const errs = async (accuracy: number) => {
      let sum = 0;
      for (let i = 0; i < 40; i++) sum += Math.abs((await simulatedJuror(model, { jurorId: `j${i}`, accuracy }).judge(task, output)).score - base);
      return sum;
    };
    const j = simulatedJuror(model, { jurorId: "x", accuracy: 0.5 });
    expect((await j.judge(task, output)).score).to.equal((await j.judge(task, output)).score);
    expect(await errs(0.4)).to.be.greaterThan(await errs(0.9));
  });

  it("error: an out-of-range truth is refused", () => {
    expect(() => simulatedJuror(model, { jurorId: "x", accuracy: 2 })).to.throw(/Invalid simulated juror truth/);
  });
});
