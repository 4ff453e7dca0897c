import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { createPublicClient, custom, type Address, type EIP1193Provider, type Transport } from "viem";
import { countingTransport, type RpcCounts } from "../../agents/chain/countingTransport.js";
import { deployLocalMarket } from "../../agents/deploy/deployLocalMarket.js";
import { chainStanding } from "../../agents/wiring/chainStanding.js";
import { localAccounts } from "../../agents/wiring/localAccounts.js";

/** A worker's standing reads against a local market, each JSON-RPC call counted; `fail` makes the next calls throw. */
async function market() {
  const chain = await network.create();
  const deployment = await deployLocalMarket(chain);
  const { manager } = await localAccounts(chain.viem, 1);
  const counts: RpcCounts = {};
  const faults = { fail: false };
  const failing: Transport = (options) => {
    const inner = custom(chain.provider as unknown as EIP1193Provider)(options);
    const request = (async (args: never) => {
      if (faults.fail) throw new Error("node unreachable");
      return inner.request(args);
    }) as typeof inner.request;
    return { ...inner, request };
  };
  const publicClient = createPublicClient({ transport: countingTransport(failing, counts) });
  const token = await chain.viem.getContractAt("MockUSDC", deployment.token.address);
  const clock = { ms: 0 };
  const standing = chainStanding({ publicClient: publicClient as never, escrow: deployment.escrow.address, now: () => clock.ms });
  const reads = () => counts.eth_call ?? 0;
  return { standing, token, manager: manager!.account!.address as Address, clock, reads, faults };
}

describe("chainStanding (a worker's reads of a manager's funds)", function () {
  this.timeout(60_000);

  it("attack: 200 announcements of one manager within a second cost the worker 3 chain reads, not 600; a second later it reads again and sees a top-up", async () => {
    const { standing, token, manager, clock, reads } = await market();
    const answers = await Promise.all(Array.from({ length: 200 }, () => standing.standing(manager, token.address, false)));
    expect(reads()).to.equal(3);
    for (const a of answers) expect(a.funds.balance).to.equal(0n);

    await token.write.mint([manager, 5_000_000n]);
    clock.ms = 999;
    expect((await standing.standing(manager, token.address, false)).funds.balance, "within the second: the read kept").to.equal(0n);
    expect(reads()).to.equal(3);
    clock.ms = 1_000;
    expect((await standing.standing(manager, token.address, false)).funds.balance, "a second later: read again").to.equal(5_000_000n);
    expect(reads()).to.equal(6);
  });

  it("each manager and token is read on its own", async () => {
    const { standing, token, manager, reads } = await market();
    const other = `0x${"ab".repeat(20)}` as Address;
    await standing.standing(manager, token.address, false);
    await standing.standing(other, token.address, false);
    expect(reads()).to.equal(6);
  });

  it("error: a read that fails is not kept, so the next announcement reads again", async () => {
    const { standing, token, manager, reads, faults } = await market();
    faults.fail = true;
    let thrown: unknown;
    await standing.standing(manager, token.address, false).catch((err) => (thrown = err));
    expect(String(thrown)).to.contain("node unreachable");
    faults.fail = false;
    const before = reads();
    expect((await standing.standing(manager, token.address, false)).funds.credit).to.equal(0n);
    expect(reads() - before).to.equal(3);
  });
});
