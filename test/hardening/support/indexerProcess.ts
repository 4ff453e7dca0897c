import { spawn, type ChildProcess } from "node:child_process";

/** Child processes started here and still running: killed when this process exits, however it exits. */
const live = new Set<ChildProcess>();
let exitHook = false;

/**
 * Keeps `child` in the set of children SIGKILLed when this process exits (a failed step, an
 * uncaught error, process.exit, SIGINT or SIGTERM): a harness never leaves an orphan behind.
 *
 * @example
 * trackChild(spawn(process.execPath, ["server.js"]));
 */
export function trackChild<C extends ChildProcess>(child: C): C {
  if (!exitHook) {
    exitHook = true;
    process.once("exit", () => {
      for (const c of live) c.kill("SIGKILL");
    });
    for (const signal of ["SIGINT", "SIGTERM"] as const)
      process.once(signal, () => {
        for (const c of live) c.kill("SIGKILL");
        process.exit(128 + (signal === "SIGINT" ? 2 : 15));
      });
  }
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

/** Pids of the children {@link trackChild} still counts as running. */
export function trackedChildren(): number[] {
  return [...live].map((c) => c.pid!).filter((pid) => pid !== undefined);
}

/** A free loopback TCP port (bound and released). */
export { freePort } from "../../../agents/http/freePort.js";

export interface IndexerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the child wrote, for diagnosing a failed run. */
  output(): string;
  /** Resolves with the exit signal or code. */
  exited: Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<string>;
}

/** The variables that choose an indexer's database: a child gets these from its `env` only. */
const DATABASE_VARS = ["DATABASE_URL", "DATABASE_READ_URL", "DB_SCHEMA", "DATA_DIR"] as const;

/**
 * Starts `scripts/indexer.ts` (what `npm run indexer` runs) as a child process with `env`, and
 * waits until its HTTP API answers /health. The child inherits this process's environment except
 * the database variables: a PGlite child stays on PGlite when the harness runs with DATABASE_URL
 * set (as `DATABASE_URL=… npm run bench` and `test:hardening` do for their PostgreSQL rows).
 *
 * @example
 * const p = await startIndexerProcess({ RPC_URL, ESCROW_ADDRESS, DATA_DIR, PORT: "8787" });
 * await p.kill("SIGKILL");
 */
export async function startIndexerProcess(
  env: Record<string, string>,
  opts: { readyTimeoutMs?: number; /** e.g. ["worker"] */ args?: string[]; /** Ready once the output matches this, instead of /health answering. */ readyLine?: RegExp } = {},
): Promise<IndexerProcess> {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of DATABASE_VARS) delete inherited[name];
  const child = trackChild(
    // INDEXER_CPU_PROF_DIR: each child writes a V8 CPU profile there when it exits (where an API process's CPU goes).
    spawn(process.execPath, [...(process.env.INDEXER_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.INDEXER_CPU_PROF_DIR}`] : []), "--import", "tsx", "scripts/indexer.ts", ...(opts.args ?? [])], {
      env: { ...inherited, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? String(code))));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${env.PORT}`;
  const end = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (gone) throw new Error(`indexer exited before it was ready:\n${out}`);
    if (Date.now() > end) {
      child.kill("SIGKILL");
      throw new Error(`indexer not ready in time:\n${out}`);
    }
    const ok = opts.readyLine ? opts.readyLine.test(out) : await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => out,
    exited,
    async kill(signal: NodeJS.Signals = "SIGKILL") {
      if (!gone) child.kill(signal);
      return exited;
    },
  };
}
