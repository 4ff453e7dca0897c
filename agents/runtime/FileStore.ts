import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import type { AgentStore } from "./ports.js";

/**
 * An {@link AgentStore} kept in one JSON file, so an agent process restarted on the same file
 * still knows the specs, bids and results the chain cannot tell it. Each write replaces the
 * file atomically (write to a temporary file, then rename), so a crash never leaves half a file.
 *
 * @example
 * const store = new FileStore("./data/worker-alice.json");
 */
export class FileStore implements AgentStore {
  private readonly data: Map<string, unknown>;

  constructor(private readonly path: string) {
    let raw: unknown = {};
    try {
      raw = JSON.parse(readFileSync(path, "utf8"));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    this.data = new Map(Object.entries(z.record(z.string(), z.unknown()).parse(raw)));
  }

  get<T>(key: string): T | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : (structuredClone(v) as T);
  }

  set<T>(key: string, value: T): void {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.data)));
    renameSync(tmp, this.path);
  }

  keys(prefix: string): string[] {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix));
  }
}
