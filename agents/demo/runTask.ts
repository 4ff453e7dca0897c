import { keccak256, stringToHex } from "viem";
import type { TaskSpec } from "../protocol/task.js";
import { starterCriteria } from "../protocol/criteria.js";
import type { LocalMarket } from "../wiring/createLocalMarket.js";
import type { FaultBoard } from "./faultyAgents.js";
import { DEADLINE_AFTER, REVIEW_PERIOD, RULING_WINDOW, type PlannedTask } from "./scenario.js";

const BUDGET = 5_000_000n; // 5 tokens of 6 decimals

/** The task spec of a planned demo task, due an hour of chain time from now. */
export async function specFor(m: LocalMarket, task: PlannedTask): Promise<TaskSpec> {
  const now = Number((await m.publicClient.getBlock()).timestamp);
  return {
    taskId: keccak256(stringToHex(task.label)),
    title: `Demo task ${task.label}`,
    description: `A ${task.requiredSkills.join("/")} job from the demo plan (${task.label}).`,
    requiredSkills: task.requiredSkills,
    preferredSkills: task.preferredSkills,
    budget: BUDGET.toString(),
    token: m.token.address,
    deadline: now + DEADLINE_AFTER,
    reviewPeriod: REVIEW_PERIOD,
    arbiter: m.accounts.arbiter,
    criteria: starterCriteria(task.requiredSkills),
  };
}


/**
 * The fault scenarios: drives one task to settlement, injecting its planned fault the way a real
 * outage would look (see scenario.ts for what each fault is).
 */
export async function runTask(m: LocalMarket, conn: { increaseTime: (seconds: number) => Promise<unknown> }, spec: TaskSpec, task: PlannedTask, board: FaultBoard): Promise<void> {
  const { taskId } = spec;
  switch (task.fault) {
    case "managerSilent": {
      // The manager goes offline right after it funds the award; the worker claims the auto-release.
      // The network's operator view (the demo owns its in-process network): no agent sees this.
      const stopTap = m.transport.observe!(({ message }) => {
        if (message.type === "award" && message.taskId === taskId) void m.manager.stop();
      });
      await m.manager.announce(spec);
      await m.settle();
      stopTap();
      await conn.increaseTime(REVIEW_PERIOD + 1);
      await m.tickAll();
      await m.restartManager();
      await m.settle();
      return;
    }
    case "arbiterSilent": {
      await m.arbiter.stop();
      await m.manager.announce(spec);
      await m.settle();
      await conn.increaseTime(RULING_WINDOW + 1);
      await m.tickAll();
      await m.restartArbiter();
      await m.settle();
      return;
    }
    case "workerCrash": {
      await m.manager.announce(spec);
      await m.settle();
      const i = m.accounts.workers.findIndex((a) => board.crashed.has(a));
      if (i >= 0) await m.workers[i]!.stop();
      await conn.increaseTime(DEADLINE_AFTER + 1);
      await m.tickAll();
      if (i >= 0) {
        board.crashed.clear();
        await m.restartWorker(i);
      }
      await m.settle();
      return;
    }
    case "none":
    case "badWork":
    case "workerDecline": {
      await m.manager.announce(spec);
      await m.settle();
      await m.tickAll(); // a dispute is ruled by the arbiter on its next look at the chain
      return;
    }
    default: {
      const never: never = task.fault;
      throw new Error(`unknown fault ${String(never)}`);
    }
  }
}
