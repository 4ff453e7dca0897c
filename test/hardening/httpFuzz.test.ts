import { describe, it } from "mocha";
import { expect } from "chai";
import { hardeningCounts } from "./support/counts.js";
import { runHttpFuzz } from "./support/httpFuzz.js";

describe("hardening: hostile HTTP input", function () {
  this.timeout(120_000);

  it("error: generated malformed, oversized, unicode and replayed requests never get a 5xx or crash a server; each rejection has a code", async () => {
    const s = await runHttpFuzz({ requests: hardeningCounts().httpFuzzRequests, seed: 8 });
    expect(s.failures).to.deep.equal([]);
    expect(s.requests).to.equal(hardeningCounts().httpFuzzRequests);
    expect(s).to.deep.include({ status5xx: 0, crashes: 0, rejectionsWithoutCode: 0 });
    // The generator reached the handlers, not just the parsers: accepted, rejected and too-large answers all occur.
    expect(Object.keys(s.byStatus)).to.include.members(["201", "202", "400", "409", "413", "422"]);
  });
});
