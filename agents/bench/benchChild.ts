import { spawn } from "node:child_process";

/**
 * Runs one of the bench's child scripts (`./<name>.ts` under tsx, `./<name>.js` when built) in its
 * own Node process, so its peak memory is its own, and returns the JSON of its last stdout line.
 *
 * @example
 * const row = await runBenchChild("merkleStreamChild", [String(leaves)]);
 */
export function runBenchChild(name: string, args: readonly string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, benchChildArgs(name, args), { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.on("error", reject);
    p.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${name} exited with ${code}`));
      try {
        resolve(JSON.parse(stdout.trim().split("\n").pop()!));
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

/**
 * The node arguments that run the bench's child script `name` (for a child that keeps running,
 * started with `startChild`).
 *
 * @example
 * const server = startChild("fixedAnswer", benchChildArgs("fixedAnswerChild", ["2300"]), {});
 */
export function benchChildArgs(name: string, args: readonly string[]): string[] {
  const isTs = import.meta.url.endsWith(".ts");
  const child = new URL(`./${name}.${isTs ? "ts" : "js"}`, import.meta.url);
  return [...(isTs ? ["--import", import.meta.resolve("tsx")] : []), child.pathname, ...args];
}
