import { describe, it } from "mocha";
import { expect } from "chai";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeConfig, parseIndexerEnv, resolveAddress } from "../../agents/indexer/config.js";
import { ConfigError } from "../../agents/indexer/errors.js";

const KEY = `0x${"ab".repeat(32)}`;

describe("indexer config", () => {
  it("fills defaults: a UTC-day epoch, 2 confirmations, port 8787, embedded database", () => {
    const env = parseIndexerEnv({ ESCROW_ADDRESS: `0x${"12".repeat(20)}`, EPOCH_SECONDS: "" });
    expect(env).to.deep.include({ EPOCH_SECONDS: 86_400, CONFIRMATIONS: 2, PORT: 8787, DATA_DIR: "./data/indexer", START_BLOCK: 0n });
    expect(env.DATABASE_URL).to.equal(undefined);
    expect(parseIndexerEnv({ EPOCH_SECONDS: "30", CONFIRMATIONS: "0" })).to.deep.include({ EPOCH_SECONDS: 30, CONFIRMATIONS: 0 });
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

  it("takes an explicit address, else the chain's Ignition deployment; error: neither exists", async () => {
    const root = await mkdtemp(join(tmpdir(), "indexer-config-"));
    await mkdir(join(root, "deploy/deployments/chain-31337"), { recursive: true });
    const anchor = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    await writeFile(join(root, "deploy/deployments/chain-31337/deployed_addresses.json"), JSON.stringify({ "Market#ReputationAnchor": anchor.toLowerCase() }));
    expect(await resolveAddress("ReputationAnchor", undefined, 31337, root)).to.equal(anchor);
    expect(await resolveAddress("ReputationAnchor", `0x${"ab".repeat(20)}`, 31337, root)).to.equal("0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB");
    let caught: unknown;
    try {
      await resolveAddress("TaskEscrow", undefined, 31337, root);
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(ConfigError);
  });
});
