import { expect } from "chai";
import { describe, it } from "mocha";
import { getAddress, type Hex } from "viem";
import { runManagerJob, type ManagerJobDeps } from "../../agents/multi/managerJob.js";
import type { TaskSpec } from "../../agents/protocol/task.js";

const token = getAddress("0x00000000000000000000000000000000000000aa");
const arbiter = getAddress("0x00000000000000000000000000000000000000bb");

/**
 * A manager double whose tasks settle (released) once announced, or end unawarded; `reports: false`
 * makes it a manager that cannot report, whose tasks settle after 3 escrow reads.
 */
function market(o: { unawarded?: (i: number) => boolean; reports?: boolean }) {
  let open = 0;
  let mostOpen = 0;
  const reads = new Map<Hex, number>();
  const announced: Hex[] = [];
  const settled = new Set<Hex>();
  const close = (taskId: Hex) => {
    if (!settled.has(taskId)) open -= 1;
    settled.add(taskId);
  };
  const deps: ManagerJobDeps = {
    manager: {
      async announce(spec: TaskSpec) {
        announced.push(spec.taskId as Hex);
        mostOpen = Math.max(mostOpen, ++open);
        return spec.taskId;
      },
      ...(o.reports === false
        ? {}
        : {
            outcome: async (taskId: Hex) => {
              await new Promise((r) => setImmediate(r));
              const unawarded = o.unawarded?.(announced.indexOf(taskId));
              close(taskId);
              return { type: "report", taskId, reporter: arbiter, outcome: unawarded ? "unawarded" : "released" } as never;
            },
          }),
    },
    async getTask(taskId: Hex) {
      const n = (reads.get(taskId) ?? 0) + 1;
      reads.set(taskId, n);
      if (o.reports === false && n < 3) return undefined;
      close(taskId);
      return { status: "Released" as const };
    },
    now: async () => 1_000n,
    token,
    arbiter,
    skills: ["summarise"],
    sleep: () => new Promise((r) => setImmediate(r)),
  };
  return { deps, mostOpen: () => mostOpen, announced, reads: () => [...reads.values()].reduce((a, b) => a + b, 0) };
}

describe("runManagerJob", () => {
  it("keeps at most `concurrency` tasks open at once and settles every one", async () => {
    const m = market({});
    const r = await runManagerJob(m.deps, { tasks: 12, seed: 1, concurrency: 4 });
    expect(r).to.include({ tasks: 12, settled: 12 });
    expect(r.outcomes).to.deep.equal({ released: 12 });
    expect(m.mostOpen()).to.equal(4);
    expect(r.seconds).to.be.at.least(0);
  });

  it("reads the escrow once per task to check the manager's report, and polls it only for a manager that cannot report", async () => {
    const reporting = market({});
    await runManagerJob(reporting.deps, { tasks: 5, seed: 1, concurrency: 5 });
    expect(reporting.reads()).to.equal(5);
    const silent = market({ reports: false });
    const r = await runManagerJob(silent.deps, { tasks: 5, seed: 1, concurrency: 5 });
    expect(r.outcomes).to.deep.equal({ released: 5 });
    expect(silent.reads()).to.equal(15);
  });

  it("announces one task after another by default", async () => {
    const m = market({});
    await runManagerJob(m.deps, { tasks: 3, seed: 1 });
    expect(m.mostOpen()).to.equal(1);
  });

  it("error: a task nobody was awarded ends its wait at once and counts as unsettled", async () => {
    const m = market({ unawarded: (i) => i === 1 });
    const started = Date.now();
    const r = await runManagerJob(m.deps, { tasks: 3, seed: 1, concurrency: 3, timeoutMs: 60_000 });
    expect(Date.now() - started).to.be.below(5_000);
    expect(r.outcomes).to.deep.equal({ released: 2, unawarded: 1 });
    expect(r.unsettled).to.deep.equal([m.announced[1]]);
    expect(r.settled).to.equal(2);
  });
});
