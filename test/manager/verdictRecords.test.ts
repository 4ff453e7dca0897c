import { expect } from "chai";
import { describe, it } from "mocha";
import { network } from "hardhat";
import type { Hex } from "viem";
import { AnthropicLlmClient, CostLedger } from "../../agents/llm/index.js";
import { FAILED_CHECK_CAP } from "../../agents/protocol/machineChecks.js";
import { replayVerdict } from "../../agents/protocol/verdict.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { createLocalMarket } from "../../agents/wiring/createLocalMarket.js";
import type { Message, ReportMessage } from "../../agents/protocol/messages.js";
import { aliceLlm, bobLlm, judgeLlm, labelWhere, makeSpec, onFirst, profiles } from "../agents/fixtures/localMarket.js";
import { rubricAnswer } from "../llm/fixtures.js";
import { MessagesApiServer } from "../llm/messagesServer.js";

describe("manager verdict records (Claude judge on a local Messages API)", function () {
  this.timeout(60_000);

  it("stores a replayable record per judged result; a result failing a check is disputed although the model scored it 0.9", async () => {
    const chain = await network.create();
    const api = await MessagesApiServer.start({ fallback: (req) => ({ kind: "json", value: rubricAnswer(req.body, 0.9), usage: { input_tokens: 1_000, output_tokens: 100 } }) });
    const ledger = new CostLedger();
    const judge = new AnthropicLlmClient({ apiKey: "sk-test", baseURL: api.url, maxRetries: 0, ledger });
    const m = await createLocalMarket({
      chain,
      workers: [
        { profile: profiles.alice, llm: aliceLlm },
        { profile: profiles.bob, llm: bobLlm },
      ],
      judge,
      arbiterJudge: judgeLlm,
      log: () => new RecordingLogger(),
    });
    try {
      const good = await makeSpec(m, "verdict-good", ["translate"]);
      const bad = await makeSpec(m, labelWhere(bobLlm, "verdict-bad", false), ["code"]);
      const outcomes = [m.manager.outcome(good.taskId as Hex), m.manager.outcome(bad.taskId as Hex)];
      let ruling: Message | undefined;
      await onFirst(m, (msg) => msg.type === "report" && msg.outcome === "ruled", (msg) => (ruling = msg));
      await m.manager.announce(good);
      await m.manager.announce(bad);
      await m.settle();
      expect((await Promise.all(outcomes)).map((r) => r.outcome)).to.deep.equal(["released", "ruled"]);

      const goodRecord = m.manager.task(good.taskId as Hex)!.verdict!;
      const badRecord = m.manager.task(bad.taskId as Hex)!.verdict!;
      expect(goodRecord.judge).to.deep.equal({ kind: "anthropic", model: "claude-sonnet-4-6", agent: m.accounts.manager });
      expect(goodRecord.criteria.map((c) => c.score)).to.deep.equal([0.9, 0.9]);
      expect(goodRecord.score).to.equal(0.9);
      expect(badRecord.judgeScore).to.equal(0.9);
      expect(badRecord.score).to.equal(FAILED_CHECK_CAP);
      expect(badRecord.checks.some((c) => !c.passed)).to.equal(true);
      // anyone holding the spec and the delivered output replays each verdict
      expect(replayVerdict(goodRecord, good, m.workers[0]!.record(good.taskId as Hex)!.output!)).to.deep.equal({ ok: true });
      expect(replayVerdict(badRecord, bad, m.workers[1]!.record(bad.taskId as Hex)!.output!)).to.deep.equal({ ok: true });
      // the verdict went with the dispute: the arbiter replayed it and weighed the failed check (capped at 49%)
      expect(ruling).to.deep.include({ taskId: bad.taskId });
      expect((ruling as ReportMessage).detail).to.match(/^workerBps \d+; checks \d\/\d passed; client verdict 0\.49 \(anthropic claude-sonnet-4-6\) replays$/);
      expect(Number(/workerBps (\d+)/.exec((ruling as ReportMessage).detail!)![1])).to.be.at.most(4_900);
      // the judge's two calls were billed from message.usage: 1,000 × 3 + 100 × 15 base units each
      expect(ledger.total("judge")).to.deep.equal({ calls: 2, inputTokens: 2_000, outputTokens: 200, cost: 9_000 });
    } finally {
      await m.close();
      await api.close();
    }
  });
});
