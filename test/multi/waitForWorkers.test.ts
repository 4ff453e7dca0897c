import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Address, PublicClient, WalletClient } from "viem";
import { chainDirectory } from "../../agents/registry/chainDirectory.js";
import { NoWorkersError, waitForWorkers } from "../../agents/multi/waitForWorkers.js";
import { registerLocalAgents } from "../../agents/wiring/registerLocalAgents.js";

/** A registry on a fresh chain holding the given members (a manager's card says `hire`). */
async function registryWith(members: { name: string; skills: string[] }[]) {
  const { viem } = await network.create();
  const wallets = (await viem.getWalletClients()) as unknown as WalletClient[];
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const block = await publicClient.getBlockNumber();
  const registry = { address: (await viem.deployContract("IdentityRegistry", [])).address as Address, block };
  const r = await registerLocalAgents(publicClient, members.map((m, i) => ({ ...m, wallet: wallets[i + 1]!, costPerStep: 1, maxSteps: 1 })), registry);
  return chainDirectory({ publicClient, registry: r.registry, fromBlock: r.fromBlock });
}

describe("waitForWorkers (what `./run manager` waits for before announcing)", function () {
  this.timeout(30_000);

  it("error: a registry that lists only a manager and an arbiter fails with the typed NO_WORKERS, not a schema error on empty skills", async () => {
    const directory = await registryWith([
      { name: "manager", skills: ["hire"] },
      { name: "arbiter", skills: ["arbitrate"] },
    ]);
    const err = await waitForWorkers(directory, { count: 1, timeoutMs: 300, sleep: async () => {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(NoWorkersError);
    expect(err).to.include({ code: "NO_WORKERS" });
  });

  it("returns the registered workers (not the manager) with their skills once enough are listed", async () => {
    const directory = await registryWith([
      { name: "manager", skills: ["hire"] },
      { name: "ada", skills: ["summarise", "code"] },
      { name: "bo", skills: ["translate"] },
    ]);
    const workers = await waitForWorkers(directory, { count: 2, timeoutMs: 5_000 });
    expect(workers.map((w) => [w.name, w.skills])).to.deep.equal([
      ["ada", ["summarise", "code"]],
      ["bo", ["translate"]],
    ]);
  });
});
