import { describe, it } from "mocha";
import { expect } from "chai";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeConfig, parseIndexerEnv, resolveContract } from "../../agents/indexer/config.js";
import { ConfigError } from "../../agents/indexer/errors.js";

const KEY = `0x${"ab".repeat(32)}`;

describe("indexer config", () => {
  it("fills defaults: a UTC-day epoch, 2 confirmations, port 8787, embedded database", () => {
    const env = parseIndexerEnv({ ESCROW_ADDRESS: `0x${"12".repeat(20)}`, EPOCH_SECONDS: "" });
    expect(env).to.deep.include({ EPOCH_SECONDS: 86_400, CONFIRMATIONS: 2, PORT: 8787, DATA_DIR: "./data/indexer" });
    expect(env.START_BLOCK, "defaults to the deployment block").to.equal(undefined);
    expect(env.DATABASE_URL).to.equal(undefined);
    expect(parseIndexerEnv({ EPOCH_SECONDS: "30", CONFIRMATIONS: "0" })).to.deep.include({ EPOCH_SECONDS: 30, CONFIRMATIONS: 0 });
  });

  it("reads the minimum task value (token base units) below which a task carries no reputation weight", () => {
    expect(parseIndexerEnv({}).MIN_TASK_VALUE).to.equal(10_000n);
    expect(parseIndexerEnv({ MIN_TASK_VALUE: "0" }).MIN_TASK_VALUE).to.equal(0n);
    expect(parseIndexerEnv({ MIN_TASK_VALUE: "1000000000000000000000" }).MIN_TASK_VALUE).to.equal(10n ** 21n);
    for (const bad of ["-1", "ten", "1.5"]) {
      expect(() => parseIndexerEnv({ MIN_TASK_VALUE: bad }), bad).to.throw(ConfigError, /MIN_TASK_VALUE/);
    }
  });

  it("error: names the bad variable and never echoes the private key", () => {
    let caught: unknown;
    try {
      parseIndexerEnv({ PRIVATE_KEY: "0xdeadbeef-secret", PORT: "70000" });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(ConfigError);
    const text = `${(caught as Error).message} ${JSON.stringify((caught as ConfigError).details)}`;
    expect(text).to.contain("PRIVATE_KEY").and.contain("PORT");
    expect(text).to.not.contain("deadbeef");
  });

  it("prints the configuration without secrets", () => {
    const env = parseIndexerEnv({ PRIVATE_KEY: KEY, DATABASE_URL: "postgres://u:hunter2@db:5432/x" });
    const printed = JSON.stringify(describeConfig(env, `0x${"34".repeat(20)}`));
    expect(printed).to.not.contain("ab".repeat(32)).and.not.contain("hunter2");
    expect(printed).to.contain("postgres://u:***@db:5432/x");
  });

  it("takes an explicit address, else the chain's deployment record with its block; error: neither exists", async () => {
    const dir = await mkdtemp(join(tmpdir(), "indexer-config-"));
    const at = (address: string, block: number) => ({ address, block });
    await writeFile(
      join(dir, "31337.json"),
      JSON.stringify({
        chainId: 31337, network: "localhost", demoToken: true, feeBps: 100, epochSeconds: 86_400, deployedAt: "2026-11-21T00:00:00Z",
        escrow: at("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", 3),
        anchor: at("0x5FbDB2315678afecb367f032d93F642f64180aa3", 2),
        token: at("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", 1),
        arbiter: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        anchorer: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
        feeRecipient: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
      }),
    );
    expect(await resolveContract("anchor", undefined, 31337, dir)).to.deep.equal({ address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", block: 2n });
    expect(await resolveContract("anchor", `0x${"ab".repeat(20)}`, 31337, dir)).to.deep.equal({ address: "0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB", block: 0n });
    let caught: unknown;
    try {
      await resolveContract("escrow", undefined, 1, dir);
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(ConfigError);
  });

  it("reads a read replica's URL (DATABASE_READ_URL) and prints it without its password; error: not a URL", () => {
    const env = parseIndexerEnv({ DATABASE_URL: "postgres://u:hunter2@db:5432/x", DATABASE_READ_URL: "postgres://u:hunter3@replica:5433/x" });
    expect(env.DATABASE_READ_URL).to.equal("postgres://u:hunter3@replica:5433/x");
    const printed = JSON.stringify(describeConfig(env, null));
    expect(printed).to.not.contain("hunter2").and.not.contain("hunter3");
    expect(printed).to.contain("postgres://u:***@replica:5433/x");
    expect(() => parseIndexerEnv({ DATABASE_READ_URL: "127.0.0.1:5433" })).to.throw(ConfigError, /DATABASE_READ_URL/);
  });
});
