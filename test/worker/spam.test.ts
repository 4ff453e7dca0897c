import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { keccak256, stringToHex, type Hex } from "viem";
import type { LlmClient } from "../../agents/llm/types.js";
import { specHash } from "../../agents/protocol/hashes.js";
import type { AnnounceMessage } from "../../agents/protocol/messages.js";
import { createLocalMarket } from "../../agents/wiring/createLocalMarket.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { aliceLlm, judgeLlm, makeSpec, profiles, sendAs } from "../agents/fixtures/localMarket.js";

/** The simulated model, with every call counted. */
function counted(inner: LlmClient) {
  const calls = { n: 0 };
  const llm: LlmClient = {
    kind: inner.kind,
    estimateBid: (t, p) => (calls.n++, inner.estimateBid(t, p)),
    execute: (t) => (calls.n++, inner.execute(t)),
    judge: (t, o) => (calls.n++, inner.judge(t, o)),
  };
  return { llm, calls };
}

describe("announcements cost nothing to refuse", function () {
  this.timeout(180_000);

  it("error: 1,000 announcements from a manager that cannot pay the budget cost 0 model calls and 0 bids; a funded manager's still gets a bid", async () => {
    const { viem } = await network.create();
    const { llm, calls } = counted(aliceLlm);
    const m = await createLocalMarket({ viem, workers: [{ profile: profiles.alice, llm }], judge: judgeLlm, log: () => new RecordingLogger() });
    try {
      const template = await makeSpec(m, "spam", ["summarise"]);
      // The arbiter's wallet holds no tokens and no escrow credit: it cannot fund any budget.
      for (let i = 0; i < 1_000; i++) {
        const spec = { ...template, taskId: keccak256(stringToHex(`spam-${i}`)) as Hex };
        const msg: AnnounceMessage = { type: "announce", manager: m.accounts.arbiter, chainId: await m.publicClient.getChainId(), escrow: m.escrowAddress, spec, specHash: specHash(spec), bidWindowEndsAt: 0 };
        await sendAs(m, "arbiter", m.workers[0]!.address, msg);
      }
      await m.settle();
      expect(calls.n).to.equal(0);
      expect(m.workers[0]!.refusals).to.deep.equal({ "cannot-pay": 1_000 });
      for (const i of [0, 499, 999]) expect(m.workers[0]!.record(keccak256(stringToHex(`spam-${i}`)))).to.equal(undefined);

      // The control: the funded manager's announcement is admitted, bid on and awarded.
      const real = await makeSpec(m, "real", ["summarise"]);
      const outcome = m.manager.outcome(real.taskId as Hex);
      await m.manager.announce(real);
      await m.settle();
      expect((await outcome).outcome).to.equal("released");
      expect(calls.n).to.be.at.least(1);
    } finally {
      await m.close();
    }
  });
});
