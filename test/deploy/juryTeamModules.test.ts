import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress } from "viem";
import IdentityRegistryModule from "../../deploy/modules/IdentityRegistry.js";
import JuryArbiterModule from "../../deploy/modules/JuryArbiter.js";
import TeamAccountFactoryModule from "../../deploy/modules/TeamAccountFactory.js";

describe("Ignition modules JuryArbiter and TeamAccountFactory", () => {
  it("deploys a JuryArbiter bound to this deployment's escrow and the given registry, with the default settings", async () => {
    const { viem, ignition } = await network.create();
    const registry = await viem.deployContract("MockAgentRegistry");
    const { escrow, jury } = await ignition.deploy(JuryArbiterModule, {
      parameters: { JuryArbiter: { registry: registry.address } },
    });
    const j = await viem.getContractAt("JuryArbiter", jury.address);
    expect(getAddress(await j.read.escrow())).to.equal(getAddress(escrow.address));
    expect(getAddress(await j.read.registry())).to.equal(getAddress(registry.address));
    expect(await j.read.settings()).to.deep.equal([5, 3, 86_400, 86_400]);
  });

  it("works with the project's IdentityRegistry: an agent registered there joins the juror pool", async () => {
    const { viem, ignition } = await network.create();
    const { registry } = await ignition.deploy(IdentityRegistryModule);
    const { jury } = await ignition.deploy(JuryArbiterModule, { parameters: { JuryArbiter: { registry: registry.address } } });
    const [, juror, stranger] = await viem.getWalletClients();
    const reg = await viem.getContractAt("IdentityRegistry", registry.address);
    const publicClient = await viem.getPublicClient();
    const { result: agentId } = await publicClient.simulateContract({
      address: reg.address, abi: reg.abi, functionName: "register", args: [], account: juror!.account,
    });
    await reg.write.register({ account: juror!.account });
    const j = await viem.getContractAt("JuryArbiter", jury.address);
    let refused = "";
    try {
      await j.write.joinPool([agentId], { account: stranger!.account });
    } catch (err) {
      refused = String(err);
    }
    expect(refused).to.match(/JuryArbiterNotAgentOwner/);
    await j.write.joinPool([agentId], { account: juror!.account });
    expect(await j.read.pool()).to.deep.equal([agentId]);
  });

  it("deploys a TeamAccountFactory whose predicted addresses hold the teams it creates", async () => {
    const { viem, ignition } = await network.create();
    const { teamFactory } = await ignition.deploy(TeamAccountFactoryModule);
    const f = await viem.getContractAt("TeamAccountFactory", teamFactory.address);
    const members = ["0x0000000000000000000000000000000000000011", "0x0000000000000000000000000000000000000022"] as const;
    const predicted = await f.read.predict([[...members], [6_000, 4_000], members[0]]);
    await f.write.create([[...members], [6_000, 4_000], members[0]]);
    const team = await viem.getContractAt("TeamAccount", predicted);
    expect(await team.read.shares()).to.deep.equal([6_000, 4_000]);
  });

  it("error: JuryArbiter needs the registry parameter", async () => {
    const { ignition } = await network.create();
    let message = "";
    try {
      await ignition.deploy(JuryArbiterModule);
    } catch (err) {
      message = String(err);
    }
    expect(message).to.match(/registry/);
  });
});
