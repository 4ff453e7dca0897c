import { describe, it } from "mocha";
import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { bytesToHex, getAddress, isAddressEqual, keccak256, recoverAddress, stringToHex, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { agentSignatures } from "../../agents/protocol/agentSignatures.js";
import { checkBid } from "../../agents/manager/checkBid.js";
import { checkResult } from "../../agents/manager/checkResult.js";
import { bidTypedData, type BidTerms } from "../../agents/protocol/eip712.js";
import type { EnvelopeDomain } from "../../agents/protocol/envelope.js";
import { resultHash, specHash } from "../../agents/protocol/hashes.js";
import { ReplayGuard } from "../../agents/protocol/replayGuard.js";
import { resultTypedData } from "../../agents/protocol/resultTypedData.js";
import { createSignatureCheck } from "../../agents/protocol/signatureCheck.js";
import { signEnvelope } from "../../agents/protocol/signEnvelope.js";
import type { TaskSpec } from "../../agents/protocol/task.js";
import { verifyEnvelope } from "../../agents/protocol/verifyEnvelope.js";
import { signatureVariants } from "./fixtures/signatureVariants.js";

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

describe("agentSignatures: one signature check per agent process", () => {
  it("learns a peer's key once for its envelopes, its bids and its results: after two envelopes, its bid and result are checked from tables, without a recovery", async () => {
    const worker = privateKeyToAccount(generatePrivateKey());
    const resolver = { walletOf: async (id: bigint) => (id === 9n ? worker.address : undefined) };
    const replay = new ReplayGuard();
    const before = agentSignatures.stats();
    for (const nonce of [1n, 2n]) {
      const env = await signEnvelope({ address: worker.address, signTypedData: (args) => worker.signTypedData(args as never) }, domain, { from: 9n, to: manager.address, message: { type: "reject", taskId: spec.taskId as Hex, worker: manager.address, code: "outbid", reason: "x" }, expiry: NOW + 60n, nonce });
      expect((await verifyEnvelope(JSON.parse(JSON.stringify(env)), { domain, self: manager.address, resolver, replay, nowSeconds: NOW })).ok).to.equal(true);
    }
    const learned = agentSignatures.stats();
    expect([learned.recoveries - before.recoveries, learned.tables - before.tables]).to.deep.equal([2, 1]);

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
    const after = agentSignatures.stats();
    expect([after.recoveries - learned.recoveries, after.tableChecks - learned.tableChecks, after.tables - learned.tables]).to.deep.equal([0, 2, 0]);
    // error: the worker's tables accept nothing else: the result under another output, or signed by someone else.
    expect((await checkResult({ ...result, output: "tampered" }, { chainId: 31337, escrow: ESCROW, worker: worker.address })).ok).to.equal(false);
    const mallory = privateKeyToAccount(generatePrivateKey());
    const forged = await checkResult({ ...result, signature: await mallory.signTypedData(resultTypedData(31337, ESCROW, { taskId: terms.taskId, resultHash: resultHash(output) })) }, { chainId: 31337, escrow: ESCROW, worker: worker.address });
    expect(forged).to.deep.include({ ok: false, signer: mallory.address });
  });

  it("says yes or no exactly as viem's recovery does through every stage of a key: recovered, window-4 tables, then window-8 tables", async () => {
    const signer = privateKeyToAccount(generatePrivateKey());
    const stranger = privateKeyToAccount(generatePrivateKey());
    const check = createSignatureCheck({ tableAfter: 2, tableWindow: 4, upgradeAfter: 3 });
    let compared = 0;
    for (let i = 0; i < 8; i++) {
      const digest = new Uint8Array(randomBytes(32));
      const hash = bytesToHex(digest);
      for (const who of [signer, stranger])
        for (const sig of signatureVariants(await who.sign({ hash }))) {
          const viem = await recoverAddress({ hash, signature: sig }).then((a) => isAddressEqual(a, signer.address), () => false);
          expect(check.signedBy(digest, sig, signer.address), `digest ${i} signature ${sig}`).to.equal(viem);
          compared++;
        }
    }
    expect(compared).to.equal(8 * 2 * 10);
    const s = check.stats();
    // Two recoveries, a window-4 table, three checks from it, then the window-8 one for the rest.
    expect([s.recoveries > 0, s.tables]).to.deep.equal([true, 2]);
    expect(s.tableChecks).to.be.greaterThan(3);
  });
});
