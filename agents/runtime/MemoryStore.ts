import type { AgentStore } from "./ports.js";

/**
 * An {@link AgentStore} in memory. Values are JSON-copied in and out, so a "restarted" agent
 * that is handed the same store sees only what a disk would have kept.
 */
export class MemoryStore implements AgentStore {
  private readonly data = new Map<string, string>();

  get<T>(key: string): T | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  set<T>(key: string, value: T): void {
    this.data.set(key, JSON.stringify(value));
  }

  keys(prefix: string): string[] {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix));
  }
}
