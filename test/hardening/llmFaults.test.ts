import { describe, it } from "mocha";
import { expect } from "chai";
import { hardeningCounts } from "./support/counts.js";
import { LLM_FAULT_CASES, runLlmFaults } from "./support/llmFaults.js";

describe("hardening: LLM faults", function () {
  this.timeout(300_000);

  it("error: timeouts, 429s, 5xx, resets, truncated and malformed output never hang a round or strand an escrow", async () => {
    const s = await runLlmFaults({ rounds: hardeningCounts().llmFaultRounds });
    expect(s.cases).to.equal(LLM_FAULT_CASES.length * hardeningCounts().llmFaultRounds);
    if (process.env.HARDENING_LOG) console.log(s);
    expect(s, JSON.stringify(s.outcomes, null, 1)).to.deep.include({ hangs: 0, unexpected: 0, stranded: 0 });
  });
});
