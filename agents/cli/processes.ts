import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
/** Entry points run with the very Node that runs us, so children share its version. */
export const HARDHAT_CLI = path.join(path.dirname(require.resolve("hardhat/package.json")), "dist/src/cli.js");
export const TSX_CLI = path.join(path.dirname(require.resolve("tsx/package.json")), "dist/cli.mjs");

/**
 * The node arguments that run a TypeScript entry point through tsx, or, when `profileDir` is set,
 * the same under V8's `--cpu-prof`: the process writes a `.cpuprofile` there when it exits (also
 * on SIGTERM: our entry points exit through exitOnSignal). tsx's CLI would profile only itself,
 * so the profiled form loads tsx as an import hook into the one process instead.
 *
 * @example
 * startChild("worker", tsxEntry("scripts/worker.ts", ["--profile", "ada"], process.env.AGENT_CPU_PROF_DIR), env);
 */
export function tsxEntry(script: string, args: readonly string[] = [], profileDir?: string): string[] {
  return profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--import", "tsx", script, ...args] : [TSX_CLI, script, ...args];
}

export interface Child {
  name: string;
  proc: ChildProcess;
  /** Every line the process printed (stdout and stderr). */
  lines: string[];
  exited: Promise<number | null>;
}

/**
 * Starts `node <args>` as a named child process, collecting its output line by line. `wrap` is a
 * command prefix that execs node, e.g. `ip netns exec <ns>` to run it on another (virtual) host.
 */
export function startChild(name: string, args: string[], env: Record<string, string>, onLine?: (name: string, line: string) => void, wrap: readonly string[] = []): Child {
  const [cmd, ...pre] = wrap.length > 0 ? [...wrap, process.execPath] : [process.execPath];
  const proc = spawn(cmd!, [...pre, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      lines.push(line);
      onLine?.(name, line);
    }
  };
  proc.stdout!.on("data", collect);
  proc.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return { name, proc, lines, exited };
}

/** Resolves once the child prints a line matching `pattern`; rejects if it exits first or time runs out. */
export async function waitForLine(child: Child, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  for (;;) {
    const hit = child.lines.find((l) => pattern.test(l));
    if (hit) return hit;
    if (exited) throw new Error(`${child.name} exited before printing ${pattern}:\n${child.lines.slice(-20).join("\n")}`);
    if (Date.now() > deadline) throw new Error(`${child.name} did not print ${pattern} within ${timeoutMs} ms:\n${child.lines.slice(-20).join("\n")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Asks SIGTERM, waits, then SIGKILLs what is left: shutting down never hangs. */
export async function stopChild(child: Child, graceMs = 5_000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill("SIGTERM");
  const timer = setTimeout(() => child.proc.kill("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/**
 * User + system CPU milliseconds process `pid` and its live descendants have used so far, from
 * Linux's /proc (utime and stime, in clock ticks of 1/100 s): a tsx CLI or `ip netns exec` wrapper
 * counts with the Node process it runs. null when the process is gone or not on Linux.
 *
 * @example
 * const before = processCpuMs(child.proc.pid);
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").pop()!.split(" ");
    let ms = (Number(fields[11]) + Number(fields[12])) * 10;
    for (const tid of readdirSync(`/proc/${pid}/task`))
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean)) ms += processCpuMs(Number(child)) ?? 0;
    return ms;
  } catch {
    return null;
  }
}

export { freePort } from "../http/freePort.js";
