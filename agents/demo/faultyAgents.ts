import type { Address, Hex } from "viem";
import type { LlmClient } from "../llm/types.js";
import { LlmUpstreamError } from "../llm/errors.js";
import { SystemFaultError } from "../errors.js";
import type { EscrowPort } from "../runtime/ports.js";
import type { Fault } from "./scenario.js";

/** Which fault the task in progress carries, and what the wrapped agents did under it. */
export class FaultBoard {
  // Task ids are lower case and accounts checksummed wherever they come from (decoded specs, escrow clients).
  private readonly faults = new Map<Hex, Fault>();
  /** Wall-clock milliseconds the workers spent executing (the work itself, not coordination). */
  workMs = 0;
  /** Workers whose submission "crashed", by escrow account. */
  readonly crashed = new Set<Address>();

  set(taskId: Hex, fault: Fault): void {
    this.faults.set(taskId, fault);
  }

  of(taskId: Hex): Fault {
    return this.faults.get(taskId) ?? "none";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A worker's model as the demo runs it: the real client (Claude or the stand-in), timed, except
 * that a `badWork` task gets unusable output and a `workerDecline` task finds the model down.
 * `msPerStep` makes the offline stand-in take time in proportion to the steps it reports, so
 * that work and coordination can be compared; it is 0 with a real model.
 */
export function faultyLlm(inner: LlmClient, board: FaultBoard, msPerStep: number): LlmClient {
  return {
    kind: inner.kind,
    estimateBid: (task, profile) => inner.estimateBid(task, profile),
    judge: (task, output) => inner.judge(task, output),
    async execute(task) {
      const fault = board.of(task.taskId);
      if (fault === "workerDecline") throw new LlmUpstreamError("LLM_UPSTREAM_ERROR", "model unavailable (demo fault)");
      const start = performance.now();
      const result = await inner.execute(task);
      if (msPerStep > 0) await sleep(result.stepsUsed * msPerStep);
      board.workMs += performance.now() - start;
      if (fault === "badWork" || fault === "arbiterSilent") return { output: "I could not produce a usable result.", stepsUsed: result.stepsUsed };
      return result;
    },
  };
}

/** A worker's escrow port that "crashes" (throws, and is then stopped by the demo) instead of submitting a `workerCrash` task. */
export function crashingEscrow(inner: EscrowPort, board: FaultBoard): EscrowPort {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === "submit") {
        return async (parameters: Parameters<EscrowPort["submit"]>[0]) => {
          const taskId = parameters.taskId;
          if (board.of(taskId) === "workerCrash") {
            board.crashed.add(target.account);
            throw new SystemFaultError("worker crashed before submitting (demo fault)", { code: "DEMO_CRASH", details: { taskId } });
          }
          return target.submit(parameters);
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
