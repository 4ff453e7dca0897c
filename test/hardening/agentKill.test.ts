import { describe, it } from "mocha";
import { expect } from "chai";
import { runAgentKill } from "./support/agentKill.js";

describe("hardening: agents killed mid-task", function () {
  this.timeout(120_000);

  it("error: a worker or manager killed after funding, restarted or not, never strands the escrow", async () => {
    const s = await runAgentKill();
    if (process.env.HARDENING_LOG) console.log(s);
    expect(s.cases).to.equal(4);
    expect(s, JSON.stringify(s.perCase)).to.deep.include({ stranded: 0, unpaid: 0 });
  });
});
