import { expect } from "chai";
import { describe, it } from "mocha";
import { network } from "hardhat";
import type { Hex } from "viem";
import { AnthropicLlmClient } from "../../agents/llm/index.js";
import { BID_SYSTEM, EXECUTE_SYSTEM } from "../../agents/llm/prompts.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { createLocalMarket } from "../../agents/wiring/createLocalMarket.js";
import { bobLlm, judgeLlm, makeSpec, profiles } from "../agents/fixtures/localMarket.js";
import { MessagesApiServer, type RecordedRequest, type ScriptedResponse } from "../llm/messagesServer.js";

const OUTPUT = "Result for the translate task: Bonjour le monde. Conclusion: the French translation is faithful and complete.";

/** alice's model: estimates 200,000 base units; bills 10k/2k tokens to bid and 20k/10k to execute. */
function aliceModel(req: RecordedRequest): ScriptedResponse {
  const system = String((req.body as { system?: unknown }).system);
  if (system === BID_SYSTEM) return { kind: "json", value: { successProbability: 0.9, estimatedCost: 200_000, estimatedSteps: 2, rationale: "routine" }, usage: { input_tokens: 10_000, output_tokens: 2_000 } };
  if (system === EXECUTE_SYSTEM) return { kind: "json", value: { output: OUTPUT, stepsUsed: 2 }, usage: { input_tokens: 20_000, output_tokens: 10_000 } };
  return { kind: "error", status: 400, message: "unexpected call" };
}

describe("worker cost learning (message.usage on a local Messages API)", function () {
  this.timeout(60_000);

  it("feeds each executed task's billed cost into its cost accuracy and prices the next bid by it", async () => {
    const chain = await network.create();
    const api = await MessagesApiServer.start({ fallback: aliceModel });
    const alice = new AnthropicLlmClient({ apiKey: "sk-test", baseURL: api.url, maxRetries: 0 });
    const m = await createLocalMarket({
      chain,
      workers: [
        { profile: profiles.alice, llm: alice },
        { profile: profiles.bob, llm: bobLlm },
      ],
      judge: judgeLlm,
      log: () => new RecordingLogger(),
    });
    try {
      const first = await makeSpec(m, "cost-1", ["translate"]);
      const done = m.manager.outcome(first.taskId as Hex);
      await m.manager.announce(first);
      await m.settle();
      expect((await done).outcome).to.equal("released");
      // billed: 10,000×3 + 2,000×15 = 60,000 to bid, 20,000×3 + 10,000×15 = 210,000 to execute
      expect(alice.ledger.forTask(first.taskId)).to.deep.equal({ calls: 2, inputTokens: 30_000, outputTokens: 12_000, cost: 270_000 });
      expect(BigInt(m.manager.task(first.taskId as Hex)!.winner!.terms.amount)).to.equal(240_000n); // 200,000 × 1.2: nothing learnt yet
      // actual / estimated = 1.35 → accuracy 0.8 × 1 + 0.2 × 1.35
      expect(m.workers[0]!.costAccuracy).to.be.closeTo(1.07, 1e-12);

      const second = await makeSpec(m, "cost-2", ["translate"]);
      const done2 = m.manager.outcome(second.taskId as Hex);
      await m.manager.announce(second);
      await m.settle();
      expect((await done2).outcome).to.equal("released");
      expect(BigInt(m.manager.task(second.taskId as Hex)!.winner!.terms.amount)).to.equal(256_800n); // ⌈200,000 × 1.07 × 1.2⌉
    } finally {
      await m.close();
      await api.close();
    }
  });
});
