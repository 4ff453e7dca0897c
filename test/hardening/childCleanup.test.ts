import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { expect } from "chai";
import { describe, it } from "mocha";

/** Whether process `pid` still exists (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The hardening harnesses start indexer processes; whatever fails, none may outlive the harness.
describe("hardening harness child processes", function () {
  this.timeout(60_000);

  for (const how of ["throw", "exit", "signal"] as const)
    it(`error: a harness that ends by ${how === "throw" ? "an unhandled rejection" : how === "exit" ? "process.exit" : "SIGTERM"} leaves no child process running`, async () => {
      const probe = spawn(process.execPath, ["--import", "tsx", "test/hardening/support/orphanProbe.ts", how], { stdio: ["ignore", "pipe", "ignore"] });
      const exited = new Promise((resolve) => probe.once("exit", resolve));
      const [line] = await createInterface({ input: probe.stdout! })[Symbol.asyncIterator]().next().then((r) => [r.value as string]);
      const pid = Number(line);
      expect(alive(pid), "the tracked child runs").to.equal(true);
      if (how === "signal") probe.kill("SIGTERM");
      await exited;
      const end = Date.now() + 5_000;
      while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(alive(pid), `child ${pid} outlived the harness`).to.equal(false);
    });
});
