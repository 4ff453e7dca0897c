import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, keccak256, stringToHex, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { checkBid } from "../../agents/manager/checkBid.js";
import { checkResult } from "../../agents/manager/checkResult.js";
import { bidTypedData, type BidTerms } from "../../agents/protocol/eip712.js";
import type { EnvelopeDomain } from "../../agents/protocol/envelope.js";
import { resultHash, specHash } from "../../agents/protocol/hashes.js";
import { ReplayGuard } from "../../agents/protocol/replayGuard.js";
import { resultTypedData } from "../../agents/protocol/resultTypedData.js";
import { signEnvelope } from "../../agents/protocol/signEnvelope.js";
import type { TaskSpec } from "../../agents/protocol/task.js";
import { verifyEnvelope } from "../../agents/protocol/verifyEnvelope.js";

const NOW = 1_800_000_000n;
const addr = (label: string): Address => getAddress(keccak256(stringToHex(label)).slice(0, 42));
const ESCROW = addr("escrow");
const domain: EnvelopeDomain = { chainId: 31337, escrow: ESCROW, registry: addr("registry") };
const manager = privateKeyToAccount(generatePrivateKey());
const spec: TaskSpec = {
  taskId: keccak256(stringToHex("agent signatures task")),
  title: "t",
  description: "d",
  requiredSkills: ["summarise"],
  preferredSkills: [],
  budget: "5000000",
  token: addr("token"),
  deadline: Number(NOW) + 3_600,
  reviewPeriod: 600,
  arbiter: addr("arbiter"),
};

describe("signatures of one peer across its envelopes, bids and results", () => {
  it("accepts a worker's envelopes, its bid and its result, and refuses the result under another output or signed by someone else, naming the signer", async () => {
    const worker = privateKeyToAccount(generatePrivateKey());
    const resolver = { walletOf: async (id: bigint) => (id === 9n ? worker.address : undefined) };
    const replay = new ReplayGuard();
    for (const nonce of [1n, 2n]) {
      const env = await signEnvelope({ address: worker.address, signTypedData: (args) => worker.signTypedData(args as never) }, domain, { from: 9n, to: manager.address, message: { type: "reject", taskId: spec.taskId as Hex, worker: manager.address, code: "outbid", reason: "x" }, expiry: NOW + 60n, nonce });
      expect((await verifyEnvelope(JSON.parse(JSON.stringify(env)), { domain, self: manager.address, resolver, replay, nowSeconds: NOW })).ok).to.equal(true);
    }
    const terms: BidTerms = {
      taskId: spec.taskId as Hex,
      specHash: specHash(spec),
      client: manager.address,
      worker: worker.address,
      token: spec.token,
      amount: 1_000_000n,
      arbiter: spec.arbiter,
      deadline: BigInt(spec.deadline),
      reviewPeriod: BigInt(spec.reviewPeriod),
      expiry: NOW + 600n,
      nonce: 7n,
      claimedSuccessBps: 8_000,
    };
    const estimate = { price: "1000000", estimatedSteps: 1, estimatedSeconds: 10, successProbability: 0.8, rationale: "r" };
    const bid = { type: "bid" as const, taskId: terms.taskId, agentId: "ada", terms, estimate, signature: await worker.signTypedData(bidTypedData(31337, ESCROW, terms)) };
    const ctx = { chainId: 31337, escrow: ESCROW, client: manager.address, task: { spec, specHash: specHash(spec), open: true, bidders: [] }, asked: [{ address: worker.address, agentId: "ada" }], notAsked: [], chainNow: NOW, minValiditySeconds: 120n };
    expect(await checkBid(bid, ctx)).to.include({ ok: true });
    const output = "the work";
    const resultSig = await worker.signTypedData(resultTypedData(31337, ESCROW, { taskId: terms.taskId, resultHash: resultHash(output) }));
    const result = { type: "result" as const, taskId: terms.taskId, worker: worker.address, output, resultHash: resultHash(output), signature: resultSig };
    expect(await checkResult(result, { chainId: 31337, escrow: ESCROW, worker: worker.address })).to.deep.equal({ ok: true, hash: resultHash(output) });
    // error: nothing else is the worker's: the result under another output, or signed by someone else.
    expect((await checkResult({ ...result, output: "tampered" }, { chainId: 31337, escrow: ESCROW, worker: worker.address })).ok).to.equal(false);
    const mallory = privateKeyToAccount(generatePrivateKey());
    const forged = await checkResult({ ...result, signature: await mallory.signTypedData(resultTypedData(31337, ESCROW, { taskId: terms.taskId, resultHash: resultHash(output) })) }, { chainId: 31337, escrow: ESCROW, worker: worker.address });
    expect(forged).to.deep.include({ ok: false, signer: mallory.address });
  });
});
