import { expect } from "chai";
import { describe, it } from "mocha";
import { AgentError, ModelOutputError, SystemFaultError, UserInputError, isAgentError } from "../agents/errors.js";

describe("AgentError", () => {
  it("keeps user, model and system faults in separate classes with literal names and kinds", () => {
    const errors = [
      new UserInputError("bad", { code: "X_USER" }),
      new ModelOutputError("bad", { code: "X_MODEL" }),
      new SystemFaultError("bad", { code: "X_SYSTEM" }),
    ];
    expect(errors.map((e) => [e.name, e.kind, e.code])).to.deep.equal([
      ["UserInputError", "user", "X_USER"],
      ["ModelOutputError", "model", "X_MODEL"],
      ["SystemFaultError", "system", "X_SYSTEM"],
    ]);
    for (const e of errors) {
      expect(e).to.be.instanceOf(AgentError).and.instanceOf(Error);
      expect(isAgentError(e)).to.equal(true);
    }
    expect(errors[0]).not.to.be.instanceOf(ModelOutputError);
    expect(isAgentError(new Error("x"))).to.equal(false);
  });

  it("carries a short message, details and cause, and walks the cause chain", () => {
    const root = new Error("socket hang up");
    const mid = new SystemFaultError("upstream failed", { code: "UP", cause: root });
    const top = new ModelOutputError("no answer", { code: "TOP", details: { taskId: "t1", amount: 5n }, cause: mid });
    expect(top.shortMessage).to.equal("no answer");
    expect(top.message).to.contain("no answer").and.contain('"taskId":"t1"').and.contain("upstream failed");
    expect(top.cause).to.equal(mid);
    expect(top.walk()).to.equal(root);
    expect(top.walk((e) => e instanceof SystemFaultError)).to.equal(mid);
    expect(top.walk((e) => e instanceof UserInputError)).to.equal(undefined);
  });

  it("serialises to JSON with bigints as strings", () => {
    const e = new UserInputError("bad amount", { code: "AMOUNT", details: { amount: 10n ** 30n } });
    expect(JSON.parse(JSON.stringify(e))).to.deep.equal({
      name: "UserInputError",
      kind: "user",
      code: "AMOUNT",
      message: "bad amount",
      details: { amount: "1000000000000000000000000000000" },
    });
  });
});
