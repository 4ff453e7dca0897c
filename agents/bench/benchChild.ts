import { spawn } from "node:child_process";

/**
 * Runs one of the bench's child scripts (`./<name>.ts` under tsx, `./<name>.js` when built) in its
 * own Node process, so its peak memory is its own, and returns the JSON of its last stdout line.
 *
 * @example
 * const row = await runBenchChild("merkleStreamChild", [String(leaves)]);
 */
export function runBenchChild(name: string, args: readonly string[]): Promise<unknown> {
  const isTs = import.meta.url.endsWith(".ts");
  const child = new URL(`./${name}.${isTs ? "ts" : "js"}`, import.meta.url);
  const argv = [...(isTs ? ["--import", import.meta.resolve("tsx")] : []), child.pathname, ...args];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "inherit"] });
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
