import type { Logger } from "./ports.js";

/** Logs to stderr with the agent's name; silenced when AGENT_LOG=0 (the test suite's default). */
export function consoleLogger(name: string): Logger {
  const on = process.env.AGENT_LOG !== "0";
  return {
    info: (msg, details) => on && console.error(`[${name}] ${msg}`, details ? JSON.stringify(details) : ""),
    warn: (msg, details) => on && console.error(`[${name}] WARN ${msg}`, details ? JSON.stringify(details) : ""),
  };
}

/** A logger that remembers every line, so tests can assert why something was ignored. */
export class RecordingLogger implements Logger {
  readonly lines: { level: "info" | "warn"; msg: string; details?: Record<string, unknown> }[] = [];
  info(msg: string, details?: Record<string, unknown>): void {
    this.lines.push({ level: "info", msg, details });
  }
  warn(msg: string, details?: Record<string, unknown>): void {
    this.lines.push({ level: "warn", msg, details });
  }
  warnings(): string[] {
    return this.lines.filter((l) => l.level === "warn").map((l) => l.msg);
  }
}
