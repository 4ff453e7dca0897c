import { describe, it } from "mocha";
import { expect } from "chai";
import { runHostile } from "./support/hostile.js";

describe("hardening: hostile tokens and signatures", function () {
  this.timeout(120_000);

  it("error: no hostile token or forged, replayed or foreign signature costs any party funds", async () => {
    const s = await runHostile();
    expect(s.cases).to.equal(20);
    expect(s, JSON.stringify(s.perCase)).to.deep.include({ fundsLost: 0, signaturesAccepted: 0 });
  });
});
