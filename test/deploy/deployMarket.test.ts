import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getAddress } from "viem";
import { deployMarket } from "../../agents/deploy/deployMarket.js";
import { deployParamsFromEnv } from "../../agents/deploy/deployConfig.js";
import { readDeployment, writeDeployment } from "../../agents/deploy/deployment.js";

describe("deployMarket", () => {
  it("deploys escrow, anchor, identity registry and demo token with the given parameters and records their blocks", async () => {
    const { viem, ignition, networkName } = await network.create();
    const publicClient = await viem.getPublicClient();
    const accounts = (await viem.getWalletClients()).map((w) => getAddress(w.account.address));
    const params = deployParamsFromEnv({ FEE_BPS: "250" }, accounts);
    const d = await deployMarket({ networkName, ignition: ignition as never, publicClient: publicClient as never }, params);

    expect(d.chainId).to.equal(31337);
    expect(d.demoToken).to.equal(true);
    expect([d.anchorer, d.feeRecipient, d.arbiter]).to.deep.equal([accounts[0], accounts[1], accounts[3]]);
    for (const c of [d.escrow, d.anchor, d.registry!, d.token]) {
      expect(await publicClient.getCode({ address: c.address as `0x${string}`, blockNumber: BigInt(c.block) })).to.not.equal(undefined);
      expect(await publicClient.getCode({ address: c.address as `0x${string}`, blockNumber: BigInt(c.block - 1) })).to.equal(undefined);
    }
    const escrow = await viem.getContractAt("TaskEscrow", d.escrow.address as `0x${string}`);
    const anchor = await viem.getContractAt("ReputationAnchor", d.anchor.address as `0x${string}`);
    expect(JSON.stringify(await escrow.read.config())).to.include("250");
    expect(await anchor.read.anchorer()).to.equal(getAddress(d.anchorer));
    expect(await anchor.read.owner()).to.equal(getAddress(d.anchorer));
    const registry = await viem.getContractAt("IdentityRegistry", d.registry!.address as `0x${string}`);
    expect(await registry.read.name()).to.equal("AgentIdentity");

    const dir = await mkdtemp(path.join(tmpdir(), "deployments-"));
    await writeDeployment(d, dir);
    expect(await readDeployment(31337, dir)).to.deep.equal(d);
  });

  it("uses an existing identity registry (IDENTITY_REGISTRY) instead of deploying one", async () => {
    const { viem, ignition, networkName } = await network.create();
    const publicClient = await viem.getPublicClient();
    const accounts = (await viem.getWalletClients()).map((w) => getAddress(w.account.address));
    const canonical = await viem.deployContract("IdentityRegistry", []);
    const params = deployParamsFromEnv({ IDENTITY_REGISTRY: canonical.address }, accounts);
    const d = await deployMarket({ networkName, ignition: ignition as never, publicClient: publicClient as never }, params);
    expect(d.registry).to.deep.equal({ address: getAddress(canonical.address), block: 0 });
    expect(d.demoToken).to.equal(true);
    const escrow = await viem.getContractAt("TaskEscrow", d.escrow.address as `0x${string}`);
    expect(JSON.stringify(await escrow.read.config())).to.include("100");
  });

  it("error: a missing or malformed deployment file is a typed error that says what to run", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "deployments-"));
    await readDeployment(1, dir).then(
      () => expect.fail("should throw"),
      (e: { code: string; message: string }) => {
        expect(e.code).to.equal("DEPLOYMENT_MISSING");
        expect(e.message).to.include("npm run deploy");
      },
    );
    await writeFile(path.join(dir, "5.json"), JSON.stringify({ chainId: 5 }));
    await readDeployment(5, dir).then(
      () => expect.fail("should throw"),
      (e: { code: string }) => expect(e.code).to.equal("DEPLOYMENT_INVALID"),
    );
  });

  it("error: rejects a fee above 10% before deploying anything", () => {
    expect(() => deployParamsFromEnv({ FEE_BPS: "1001" }, [])).to.throw(/invalid deploy configuration/);
  });
});
