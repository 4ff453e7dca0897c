import type { Hex } from "viem";
import type { AgentStore } from "./ports.js";
import { toHash32 } from "../protocol/codecs.js";

/**
 * What an agent keeps per task, typed: the part of a task the chain cannot tell it after a
 * restart (the spec it announced or bid on, the bids, the output). One record per task id; ids
 * are compared in lower case. Loaded records are copies, so changing one changes nothing until
 * it is saved.
 *
 * @example
 * const tasks = new AgentTaskStore<WorkerRecord>(new FileStore("./data/worker.json"));
 * tasks.save(taskId, { spec });
 * for (const [id, record] of tasks.list()) if (!record.finalized) await step(id);
 */
export interface TaskStore<T> {
  save(taskId: Hex, record: T): void;
  load(taskId: Hex): T | undefined;
  /** Every stored task with its record, in the order first saved. */
  list(): [Hex, T][];
}

const PREFIX = "task:";

/**
 * A {@link TaskStore} inside an agent's {@link AgentStore}: in memory over a MemoryStore (which
 * copies values in and out), on disk over a FileStore, next to the agent's other state.
 */
export class AgentTaskStore<T> implements TaskStore<T> {
  constructor(private readonly store: AgentStore) {}

  save(taskId: Hex, record: T): void {
    this.store.set(PREFIX + toHash32(taskId), record);
  }

  load(taskId: Hex): T | undefined {
    return this.store.get<T>(PREFIX + toHash32(taskId));
  }

  list(): [Hex, T][] {
    return this.store.keys(PREFIX).flatMap((key) => {
      const record = this.store.get<T>(key);
      return record === undefined ? [] : [[toHash32(key.slice(PREFIX.length)), record] as [Hex, T]];
    });
  }
}
