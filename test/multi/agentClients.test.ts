import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { erc20Abi, getAddress, type Address } from "viem";
import { agentClients } from "../../agents/multi/clients.js";
import { serveRpc } from "../hardening/support/serveRpc.js";

describe("agentClients: an agent process's chain clients", () => {
  it("sends the calls made in one turn as one JSON-RPC batch, each with its own result, and a failing call fails alone", async () => {
    const connection = await network.create();
    const [owner] = await connection.viem.getWalletClients();
    const usdc = await connection.viem.deployContract("MockUSDC");
    const holder = getAddress(owner!.account.address);
    await usdc.write.mint([holder, 12_345n]);
    const rpc = await serveRpc(connection.provider);
    try {
      const { publicClient } = await agentClients({ RPC_URL: rpc.url }, 1);
      const token = usdc.address as Address;
      const before = rpc.httpRequests();
      const [balance, allowance, block, bad] = await Promise.all([
        publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [holder] }),
        publicClient.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [holder, token] }),
        publicClient.getBlockNumber({ cacheTime: 0 }),
        publicClient.call({ to: token, data: "0xdeadbeef" }).then(() => "answered", (err: Error) => err.name),
      ]);
      expect({ balance, allowance, bad }).to.deep.equal({ balance: 12_345n, allowance: 0n, bad: "CallExecutionError" });
      expect(block).to.be.a("bigint");
      // error: without batching these four calls were four HTTP requests.
      expect(rpc.httpRequests() - before).to.equal(1);
    } finally {
      await rpc.close();
    }
  });
});
