import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { ClientFactory } from "@a2a-js/sdk/client";
import { keccak256, stringToHex, type Hex } from "viem";
import type { LlmClient } from "../../agents/llm/types.js";
import { specHash } from "../../agents/protocol/hashes.js";
import type { AnnounceMessage } from "../../agents/protocol/messages.js";
import { createLocalMarket } from "../../agents/wiring/createLocalMarket.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { A2ATransport } from "../../agents/transport/a2a/A2ATransport.js";
import { a2aMessage, dataOf, Role } from "../../agents/transport/a2a/a2aWire.js";
import { Envelopes } from "../../agents/transport/envelopes.js";
import { aliceLlm, judgeLlm, makeSpec, profiles } from "../agents/fixtures/localMarket.js";
import { freshSigner } from "../agents/fixtures/network.js";

/** The simulated model, with every call counted (the worker's model port). */
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
  this.timeout(300_000);

  it("error: 1,000 announcements over A2A that are unsigned, signed by an unregistered key, or from a manager that cannot pay cost 0 model calls and 0 bids; a funded manager's still gets a bid", async () => {
    const chain = await network.create();
    const { llm, calls } = counted(aliceLlm);
    let a2a: A2ATransport | undefined;
    const m = await createLocalMarket({
      chain,
      workers: [{ profile: profiles.alice, llm }],
      judge: judgeLlm,
      transport: (security) => (a2a = new A2ATransport({ security, host: "127.0.0.1" })),
      log: () => new RecordingLogger(),
    });
    try {
      const worker = m.workers[0]!;
      const workerUrl = (await a2a!.urlOf(worker.address))!;
      // The attacker speaks A2A with the official SDK client, straight to the worker's endpoint.
      const client = await new ClientFactory().createFromUrl(workerUrl);
      const post = async (data: unknown) => {
        const reply = await client.sendMessage({ tenant: "", message: a2aMessage(Role.ROLE_USER, data, { messageId: crypto.randomUUID(), contextId: "spam" }), configuration: undefined, metadata: undefined });
        return dataOf(reply as never) as { accepted: boolean; error?: { code: string } };
      };
      const chainId = await m.publicClient.getChainId();
      const template = await makeSpec(m, "spam", ["summarise"]);
      const announce = (i: number, manager: `0x${string}`): AnnounceMessage => {
        const spec = { ...template, taskId: keccak256(stringToHex(`spam-${i}`)) as Hex };
        return { type: "announce", manager, chainId, escrow: m.escrowAddress, spec, specHash: specHash(spec), bidWindowEndsAt: 0 };
      };
      const stranger = freshSigner(); // a key no registry knows
      const codes: Record<string, number> = {};
      for (let i = 0; i < 1_000; i++) {
        let answer: { accepted: boolean; error?: { code: string } };
        if (i % 3 === 0) {
          // Unsigned: the bare message, no envelope.
          answer = await post(announce(i, m.accounts.manager));
        } else if (i % 3 === 1) {
          // Signed by an unregistered key, claiming the real manager's agent id.
          const forger = new Envelopes({ agentId: m.agentIds.manager, signer: stranger }, m.network.security);
          answer = await post(await forger.seal(worker.address, announce(i, m.accounts.manager)));
        } else {
          // Signed by a registered agent (the arbiter) whose wallet holds no tokens and no escrow credit.
          const broke = new Envelopes(m.network.identities.get("arbiter")!, m.network.security);
          answer = await post(await broke.seal(worker.address, announce(i, m.accounts.arbiter)));
        }
        const code = answer.accepted ? "accepted" : answer.error!.code;
        codes[code] = (codes[code] ?? 0) + 1;
      }
      await m.settle();
      // The transport refuses the first two kinds with a typed reason; the worker admits none of the third.
      expect(codes).to.deep.equal({ ENVELOPE_INVALID: 334, ENVELOPE_BAD_SIGNATURE: 333, accepted: 333 });
      expect(worker.refusals).to.deep.equal({ "cannot-pay": 333 });
      expect(calls.n, "model calls").to.equal(0);
      for (let i = 0; i < 1_000; i++) expect(worker.record(keccak256(stringToHex(`spam-${i}`))), `a bid on spam-${i}`).to.equal(undefined);

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
