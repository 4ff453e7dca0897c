import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { createPublicClient, custom, type Address, type PublicClient, type WalletClient } from "viem";
import { chainDirectory } from "../../agents/registry/chainDirectory.js";
import { ensureRegistered } from "../../agents/registry/ensureRegistered.js";
import { walletSigner } from "../../agents/runtime/walletSigner.js";
import { registerLocalAgents } from "../../agents/wiring/registerLocalAgents.js";

const card = (name: string, url: string) => ({ name, description: `agent ${name}`, url, skills: ["translate"], costPerStep: 1, maxSteps: 1 });

describe("chainDirectory", function () {
  this.timeout(30_000);

  it("reads an agent's entry again only when a registry event names it, and sees a re-published card at once", async () => {
    const { viem, provider } = await network.create();
    const wallets = (await viem.getWalletClients()) as unknown as WalletClient[];
    const chainClient = (await viem.getPublicClient()) as unknown as PublicClient;
    const block = await chainClient.getBlockNumber();
    const registry = { address: (await viem.deployContract("IdentityRegistry", [])).address as Address, block };
    const names = ["ada", "bo", "cy"];
    await registerLocalAgents(chainClient, names.map((name, i) => ({ name, wallet: wallets[i + 1]!, skills: ["translate"], costPerStep: 1, maxSteps: 1 })), registry);
    let calls: Record<string, number> = {};
    const publicClient = createPublicClient({
      transport: custom({
        request: (args: { method: string; params?: unknown }) => {
          calls[args.method] = (calls[args.method] ?? 0) + 1;
          return (provider as unknown as { request(a: unknown): Promise<unknown> }).request(args);
        },
      }),
    }) as PublicClient;
    const directory = chainDirectory({ publicClient, registry: registry.address, fromBlock: block });
    expect((await directory.capable([])).map((e) => e.name)).to.deep.equal(names);
    expect(calls.eth_call).to.equal(3 * names.length); // owner, URI and wallet of each, once
    calls = {};
    await directory.capable([]);
    await directory.capable([]);
    expect(calls).to.deep.equal({ eth_blockNumber: 2 }); // no block since: nothing to scan, nothing to read

    // bo restarts on another endpoint and re-publishes its card: only bo is read again.
    const bo = wallets[2]!;
    await ensureRegistered({ publicClient: chainClient, walletClient: bo, address: registry.address }, walletSigner(bo), card("bo", "http://127.0.0.1:9999"), block);
    calls = {};
    const after = await directory.capable([]);
    expect(after.find((e) => e.name === "bo")?.url).to.equal("http://127.0.0.1:9999");
    expect(calls.eth_call).to.equal(3);
  });
});
