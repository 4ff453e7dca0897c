import { spawn } from "node:child_process";
import { expect } from "chai";
import { describe, it } from "mocha";
import pg from "pg";
import { pgBackendSampler } from "../../agents/cli/pgBackendSampler.js";
import { cpuComponent } from "../../agents/multi/cpuSampling.js";
import { processCpuMs } from "../../agents/multi/processes.js";

// The grandchild burns 250 ms of CPU, says so, and stays alive; its parent only waits.
const GRANDCHILD = `const t=process.cpuUsage();while(process.cpuUsage(t).user<250000);console.log("burnt");setTimeout(()=>{},60000)`;
const CHILD = `const c=require("child_process").spawn(process.execPath,["-e",${JSON.stringify(GRANDCHILD)}],{stdio:["ignore","inherit","inherit"]});process.on("SIGTERM",()=>{c.kill();process.exit(0)})`;

describe("CPU of the networked bench's components", function () {
  this.timeout(30_000);

  it("counts a process's descendants in its CPU (a tsx CLI wraps the Node process that works)", async function () {
    if (process.platform !== "linux") this.skip();
    const child = spawn(process.execPath, ["-e", CHILD], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => d.toString().includes("burnt") && resolve()));
      expect(processCpuMs(child.pid)).to.be.at.least(200);
    } finally {
      child.kill("SIGTERM");
    }
    await new Promise((r) => child.once("exit", r));
    expect(processCpuMs(child.pid)).to.equal(null);
  });

  it("times the PostgreSQL backends of the sessions it names, and only those", async function () {
    const url = process.env.TEST_DATABASE_URL;
    if (!url || process.platform !== "linux") this.skip();
    const name = `cpu_sampling_${process.pid}`;
    const named = new pg.Client({ connectionString: url, application_name: name });
    const other = new pg.Client({ connectionString: url, application_name: `${name}_other` });
    await Promise.all([named.connect(), other.connect()]);
    const sampler = pgBackendSampler(new pg.Client({ connectionString: url }), name, 50);
    try {
      sampler.start();
      await new Promise((r) => setTimeout(r, 300));
      const burn = "SELECT sum(sqrt(g::float8)) FROM generate_series(1, 2000000) g";
      await other.query(burn);
      const alone = sampler.cpuMs();
      await named.query(burn);
      await sampler.stop();
      expect(alone).to.be.below(50);
      expect(sampler.cpuMs()).to.be.at.least(60);
    } finally {
      await sampler.stop();
      await Promise.all([named.end(), other.end()]);
    }
  });

  it("files every worker process under one component", () => {
    expect(["node", "indexer", "ada", "bo", "postgres"].map(cpuComponent)).to.deep.equal(["chain", "indexer", "workers", "workers", "postgres"]);
  });
});
