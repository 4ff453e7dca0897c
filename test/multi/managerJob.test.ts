import { expect } from "chai";
import { describe, it } from "mocha";
import { getAddress, type Hex } from "viem";
import { runManagerJob, type ManagerJobDeps } from "../../agents/multi/managerJob.js";
import type { TaskSpec } from "../../agents/protocol/task.js";

const token = getAddress("0x00000000000000000000000000000000000000aa");
const arbiter = getAddress("0x00000000000000000000000000000000000000bb");

/** A manager double whose tasks settle after `settleAfter` escrow reads, or end unawarded. */
function market(o: { unawarded?: (i: number) => boolean }) {
  let open = 0;
  let mostOpen = 0;
  const reads = new Map<Hex, number>();
  const announced: Hex[] = [];
  const deps: ManagerJobDeps = {
    manager: {
      async announce(spec: TaskSpec) {
        announced.push(spec.taskId as Hex);
        mostOpen = Math.max(mostOpen, ++open);
        return spec.taskId;
      },
      outcome: (taskId: Hex) =>
        o.unawarded?.(announced.indexOf(taskId)) ? Promise.resolve({ type: "report", taskId, reporter: arbiter, outcome: "unawarded" } as never) : new Promise(() => {}),
    },
    async getTask(taskId: Hex) {
      const n = (reads.get(taskId) ?? 0) + 1;
      reads.set(taskId, n);
      if (n < 3) return undefined;
      open -= 1;
      return { status: "Released" as const };
    },
    now: async () => 1_000n,
    token,
    arbiter,
    skills: ["summarise"],
    sleep: () => new Promise((r) => setImmediate(r)),
  };
  return { deps, mostOpen: () => mostOpen, announced };
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
