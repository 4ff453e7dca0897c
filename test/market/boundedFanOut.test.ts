import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { keccak256, stringToHex, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DEFAULT_MAX_CANDIDATES } from "../../agents/market/candidates.js";
import { createMarketPort } from "../../agents/manager/createMarketPort.js";
import { chainDirectory } from "../../agents/registry/chainDirectory.js";
import { registerAgent } from "../../agents/registry/registerAgent.js";
import type { WalletProofSigner } from "../../agents/chain/identityRegistry.js";
import type { TaskSpec } from "../../agents/protocol/task.js";

const N = 200;

describe("bounded fan-out (registry + selectCandidates)", function () {
  this.timeout(300_000);

  it("with 200 registered capable workers, a task is offered to at most K of them and the rest are known as not asked", async () => {
    const { viem } = await network.create();
    const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
    const [owner] = (await viem.getWalletClients()) as unknown as WalletClient[];
    const fromBlock = await publicClient.getBlockNumber();
    const registry = (await viem.deployContract("IdentityRegistry")).address as Address;
    // 200 agents, each with its own wallet (bound by the wallet's proof) and a signed card listing "code".
    const wallets: Address[] = [];
    for (let i = 0; i < N; i++) {
      const wallet = privateKeyToAccount(keccak256(stringToHex(`fan-out worker ${i}`)));
      wallets.push(wallet.address);
      await registerAgent({ walletClient: owner!, publicClient, address: registry }, wallet as unknown as WalletProofSigner, {
        name: `w${i}`,
        description: "a capable worker",
        url: `http://127.0.0.1:1/a2a/${i}`,
        skills: ["code"],
        costPerStep: 1_000,
        maxSteps: 10,
      });
    }
    // One registered agent without the skill is not capable at all.
    await registerAgent({ walletClient: owner!, publicClient, address: registry }, privateKeyToAccount(keccak256(stringToHex("auditor"))) as unknown as WalletProofSigner, {
      name: "auditor", description: "audits only", url: "http://127.0.0.1:1/a2a/x", skills: ["audit"], costPerStep: 1_000, maxSteps: 10,
    });

    const market = createMarketPort(chainDirectory({ publicClient, registry, fromBlock }));
    for (let t = 0; t < 3; t++) {
      const spec: TaskSpec = {
        taskId: keccak256(stringToHex(`fan-out task ${t}`)) as Hex,
        title: "Fix a bug",
        description: "Fix it.",
        requiredSkills: ["code"],
        preferredSkills: [],
        budget: "5000000",
        token: wallets[0]!,
        deadline: 2_000_000_000,
        reviewPeriod: 600,
        arbiter: wallets[1]!,
      };
      const { asked, notAsked } = await market.solicit(spec);
      expect(asked.length).to.be.at.most(DEFAULT_MAX_CANDIDATES).and.at.least(1);
      expect(asked.length + notAsked.length).to.equal(N);
      // Every one asked is a registered wallet with the skill, under its registry id.
      for (const a of asked) expect(wallets).to.include(a.address);
      expect(new Set(asked.map((a) => a.agentId)).size).to.equal(asked.length);
    }
    expect(market.solicitations.capable).to.equal(3 * N);
    expect(market.solicitations.asked).to.be.at.most(3 * DEFAULT_MAX_CANDIDATES);
  });
});
