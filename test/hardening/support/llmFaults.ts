import { network } from "hardhat";
import type { Hex } from "viem";
import { AnthropicLlmClient } from "../../../agents/llm/anthropic.js";
import { BID_SYSTEM, EXECUTE_SYSTEM } from "../../../agents/llm/prompts.js";
import { MessagesApiServer, type RecordedRequest, type ScriptedResponse } from "../../llm/messagesServer.js";
import { rubricAnswer } from "../../llm/fixtures.js";
import { createEscrowClient } from "../../../agents/chain/escrow.js";
import { createLocalMarket } from "../../../agents/wiring/createLocalMarket.js";
import { RecordingLogger } from "../../../agents/runtime/logger.js";
import type { Outcome } from "../../../agents/protocol/taskLifecycle.js";
import { bobLlm, judgeLlm, makeSpec, profiles, REVIEW_PERIOD } from "../../agents/fixtures/localMarket.js";

/** One fault: what the model API answers, to which call, and the outcomes a round may end in. */
export interface LlmFaultCase {
  name: string;
  /** Whose calls see the fault first: alice's bid estimate (then her execution), or the manager's judge. */
  target: "worker" | "judge";
  script: ScriptedResponse[];
  /** Alice alone can do a "translate" task; bob can also do "summarise", so a dropped bid leaves a rival. */
  skill: "translate" | "summarise";
  accept: Outcome[];
  /** Move chain time to the end of the review window once, as if the judge stayed down that long. */
  judgeDownUntilWindowEnds?: boolean;
}

export interface LlmFaultSummary {
  cases: number;
  hangs: number;
  /** Rounds that ended in an outcome not in the case's `accept` list. */
  unexpected: number;
  /** Tasks whose escrow was funded but never settled. */
  stranded: number;
  outcomes: Record<string, string>;
}

/** Work that meets starterCriteria of alice's skills: each skill named, a conclusion, the pattern, 80+ characters. */
const TRANSLATION = "Result for the translate or summarise task: Bonjour le monde. Conclusion: the French translation is faithful and complete.";

const validAnswer = (req: RecordedRequest): ScriptedResponse => {
  const system = JSON.stringify((req.body as { system?: unknown }).system ?? "");
  if (system.includes(JSON.stringify(BID_SYSTEM).slice(1, 40))) return { kind: "json", value: { successProbability: 0.95, estimatedCost: 200_000, estimatedSteps: 2, rationale: "routine" } };
  if (system.includes(JSON.stringify(EXECUTE_SYSTEM).slice(1, 40))) return { kind: "json", value: { output: TRANSLATION, stepsUsed: 2 } };
  return { kind: "json", value: rubricAnswer(req.body, 0.95, "faithful") };
};

const e = (status: number, n = 1): ScriptedResponse[] => Array.from({ length: n }, () => ({ kind: "error" as const, status, retryAfterMs: 10 }));
const settledOk: Outcome[] = ["released"];
/** A dropped bid leaves the task to bob (simulated, 40% success): released, or ruled when his output misses a machine check. */
const dropped: Outcome[] = ["released", "ruled", "unawarded"];

/** The faults a model API shows in practice, at each place the agents call it. */
export const LLM_FAULT_CASES: LlmFaultCase[] = [
  { name: "bid: one 429, then an answer (retried)", target: "worker", skill: "translate", script: e(429), accept: settledOk },
  { name: "bid: one 500, then an answer (retried)", target: "worker", skill: "translate", script: e(500), accept: settledOk },
  { name: "bid: 500 on every retry (bid dropped, rival wins)", target: "worker", skill: "summarise", script: e(500, 2), accept: dropped },
  { name: "bid: 529 overloaded on every retry (no bid, nothing awarded)", target: "worker", skill: "translate", script: e(529, 2), accept: ["unawarded"] },
  { name: "bid: the API hangs past the timeout twice (bid dropped)", target: "worker", skill: "summarise", script: [{ kind: "hang" }, { kind: "hang" }], accept: dropped },
  { name: "bid: connection reset twice (bid dropped)", target: "worker", skill: "summarise", script: [{ kind: "reset" }, { kind: "reset" }], accept: dropped },
  { name: "bid: malformed JSON (bid dropped)", target: "worker", skill: "translate", script: [{ kind: "text", text: '{"successProbability": 0.9, "estim' }], accept: ["unawarded"] },
  { name: "bid: output truncated at max_tokens (bid dropped)", target: "worker", skill: "summarise", script: [{ kind: "text", text: '{"successProbability": 0.9', stopReason: "max_tokens" }], accept: dropped },
  { name: "bid: out-of-range fields (bid dropped)", target: "worker", skill: "summarise", script: [{ kind: "json", value: { successProbability: 7, estimatedCost: -1, estimatedSteps: 0, rationale: "" } }], accept: dropped },
  { name: "bid: a non-Messages body with status 200 (bid dropped)", target: "worker", skill: "summarise", script: [{ kind: "raw", status: 200, body: '{"hello":"world"}', headers: { "content-type": "application/json" } }], accept: dropped },
  { name: "execute: 500 on every retry (worker declines, client refunded)", target: "worker", skill: "translate", script: [validAnswerPlaceholder(), ...e(500, 2)], accept: ["declined", "refunded"] },
  { name: "judge: one 429, then a verdict (retried)", target: "judge", skill: "translate", script: e(429), accept: settledOk },
  { name: "judge: hangs twice, then a verdict on the next tick", target: "judge", skill: "translate", script: [{ kind: "hang" }, { kind: "hang" }], accept: settledOk },
  { name: "judge: malformed verdict (disputed, arbiter rules)", target: "judge", skill: "translate", script: [{ kind: "text", text: "The work looks fine to me!" }], accept: ["ruled"] },
  { name: "judge: truncated verdict (disputed, arbiter rules)", target: "judge", skill: "translate", script: [{ kind: "text", text: '{"score": 0.', stopReason: "max_tokens" }], accept: ["ruled"] },
  { name: "judge: down until the review window ends (disputed, not auto-released)", target: "judge", skill: "translate", script: e(500, 40), accept: ["ruled"], judgeDownUntilWindowEnds: true },
];

/** Marks "the real answer goes here" in a script; replaced by a valid bid estimate. */
function validAnswerPlaceholder(): ScriptedResponse {
  return { kind: "json", value: { successProbability: 0.95, estimatedCost: 200_000, estimatedSteps: 2, rationale: "routine" } };
}

/**
 * Runs one market round per case, with alice's model and the manager's judge behind the real
 * Anthropic SDK pointed at a scripted local Messages API server. Each round must end (bounded
 * wait) in an accepted outcome with no escrow left funded.
 *
 * @example
 * const s = await runLlmFaults({ rounds: 1 }); // s.hangs === 0
 */
export async function runLlmFaults(opts: { rounds: number; boundMs?: number }): Promise<LlmFaultSummary> {
  const summary: LlmFaultSummary = { cases: 0, hangs: 0, unexpected: 0, stranded: 0, outcomes: {} };
  for (let round = 0; round < opts.rounds; round++) {
    for (const [i, c] of LLM_FAULT_CASES.entries()) {
      const result = await runCase(c, `llm-fault-${round}-${i}`, opts.boundMs ?? 30_000);
      summary.cases += 1;
      summary.outcomes[`${round}:${c.name}`] = result.outcome ?? "HANG";
      if (!result.outcome) summary.hangs += 1;
      else if (!c.accept.includes(result.outcome)) summary.unexpected += 1;
      if (result.stranded) summary.stranded += 1;
    }
  }
  return summary;
}

async function runCase(c: LlmFaultCase, label: string, boundMs: number): Promise<{ outcome?: Outcome; stranded: boolean }> {
  const chain = await network.create();
  const { networkHelpers } = chain;
  const workerApi = await MessagesApiServer.start({ fallback: validAnswer });
  const judgeApi = await MessagesApiServer.start({ fallback: validAnswer });
  const client = (url: string) => new AnthropicLlmClient({ apiKey: "test", baseURL: url, timeoutMs: 400, maxRetries: 1 });
  (c.target === "worker" ? workerApi : judgeApi).enqueue(...c.script);
  const m = await createLocalMarket({
    chain,
    workers: [
      { profile: profiles.alice, llm: client(workerApi.url) },
      { profile: profiles.bob, llm: bobLlm },
    ],
    judge: client(judgeApi.url),
    arbiterJudge: judgeLlm,
    managerOptions: { bidWindowMs: 2_000 },
    log: () => new RecordingLogger(),
  });
  try {
    const spec = await makeSpec(m, label, [c.skill]);
    const taskId = spec.taskId as Hex;
    const outcome = m.manager.outcome(taskId);
    await m.manager.announce(spec);
    const deadline = Date.now() + boundMs;
    let final: Outcome | undefined;
    let movedTime = false;
    while (Date.now() < deadline) {
      await m.settle();
      const report = await Promise.race([outcome, new Promise<undefined>((r) => setTimeout(() => r(undefined), 200))]);
      if (report && report.outcome !== "disputed") {
        final = report.outcome;
        break;
      }
      const r = m.manager.task(taskId);
      if (r?.finalized && r.outcome && r.outcome !== "disputed") {
        final = r.outcome;
        break;
      }
      if (c.judgeDownUntilWindowEnds && !movedTime && r?.result) {
        await networkHelpers.time.increase(REVIEW_PERIOD - 30);
        movedTime = true;
      }
      await m.tickAll();
    }
    const escrow = createEscrowClient({ publicClient: m.publicClient, walletClient: m.wallets.manager, address: m.escrowAddress });
    const status = (await escrow.getTask({ client: m.accounts.manager, taskId }).catch(() => undefined))?.status;
    // Money still locked in the escrow means the round stranded it.
    return { outcome: final, stranded: status === "Funded" || status === "Submitted" || status === "Disputed" };
  } finally {
    await m.close();
    await workerApi.close();
    await judgeApi.close();
  }
}
