import { keccak256, maxUint256, stringToHex, zeroAddress } from "viem";
import type { Address, Hex, WalletClient } from "viem";
import type { MockUSDC$Type } from "../../artifacts/contracts/mocks/MockUSDC.sol/artifacts.js";
import type { BidTerms } from "../protocol/eip712.js";
import { createEscrowClient } from "../chain/escrow.js";
import { readArtifact } from "../chain/readArtifact.js";
import type { TaskRef } from "../chain/escrowTypes.js";
import { signBid } from "../chain/signBid.js";
import { taskEscrowAbi, taskEscrowBytecode } from "../chain/taskEscrowAbi.js";
import type { MeasureEscrowGasDeps } from "./escrowGasTypes.js";

export const addr = (w: WalletClient): Address => {
  if (!w.account) throw new Error("wallet client without account");
  return w.account.address;
};

/**
 * What the gas bench measures on: a fresh MockUSDC and TaskEscrow, the client funded and approved
 * for max, an escrow client per party, and `fundTask` that funds one more 25-token task with a
 * bid the worker signed (from the client's escrow credit when `fromCredit`).
 *
 * @example
 * const { asClient, asWorker, fundTask, result } = await escrowGasSetup(deps);
 */
export async function escrowGasSetup(deps: MeasureEscrowGasDeps) {
  const { publicClient, wallets } = deps;
  const chainId = await publicClient.getChainId();
  const usdcArtifact = readArtifact<MockUSDC$Type["abi"]>("contracts/mocks/MockUSDC.sol", "MockUSDC");

  const deploy = async (abi: readonly unknown[], bytecode: Hex, args: readonly unknown[]) => {
    const hash = await wallets.owner.deployContract({
      abi,
      bytecode,
      args,
      account: wallets.owner.account!,
      chain: wallets.owner.chain,
    } as Parameters<WalletClient["deployContract"]>[0]);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error("deployment without contract address");
    return receipt.contractAddress;
  };
  const token = await deploy(usdcArtifact.abi, usdcArtifact.bytecode, []);
  const address = await deploy(taskEscrowAbi, taskEscrowBytecode, [addr(wallets.owner), addr(wallets.feeRecipient), deps.feeBps ?? 100]);

  const tx = async (w: WalletClient, functionName: string, args: readonly unknown[]) => {
    const hash = await w.writeContract({
      address: token,
      abi: usdcArtifact.abi,
      functionName,
      args,
      account: w.account!,
      chain: w.chain,
    } as unknown as Parameters<WalletClient["writeContract"]>[0]);
    await publicClient.waitForTransactionReceipt({ hash });
  };
  await tx(wallets.client, "mint", [addr(wallets.client), 10n ** 15n]);
  await tx(wallets.worker, "mint", [addr(wallets.worker), 1n]);
  await tx(wallets.client, "approve", [address, maxUint256]);

  const asClient = createEscrowClient({ publicClient, walletClient: wallets.client, address });
  const asWorker = createEscrowClient({ publicClient, walletClient: wallets.worker, address });
  const asArbiter = createEscrowClient({ publicClient, walletClient: wallets.arbiter, address });

  let counter = 0n;
  const fundTask = async (fromCredit = false) => {
    const now = (await publicClient.getBlock()).timestamp;
    counter += 1n;
    const bid: BidTerms = {
      taskId: keccak256(stringToHex(`bench-task-${counter}`)),
      specHash: keccak256(stringToHex(`spec-${counter}`)),
      client: addr(wallets.client),
      worker: addr(wallets.worker),
      token,
      amount: 25_000_000n,
      arbiter: addr(wallets.arbiter),
      deadline: now + 3_600n,
      reviewPeriod: 600n,
      expiry: now + 300n,
      nonce: counter,
      claimedSuccessBps: 8_000,
    };
    const funded = await asClient.fund({ bid: bid, signature: await signBid(wallets.worker, chainId, address, bid), referrer: zeroAddress,
      fromCredit });
    return { task: { client: bid.client, taskId: bid.taskId } as TaskRef, funded };
  };
  const result = keccak256(stringToHex("result"));

  return { token, asClient, asWorker, asArbiter, fundTask, result };
}
