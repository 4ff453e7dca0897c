import { describe, it } from "mocha";
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { encodeAbiParameters, getAddress, hashTypedData, keccak256, parseAbiParameters, recoverTypedDataAddress, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { coldTermsHash } from "../../agents/chain/escrowTerms.js";
import { reviewLeafHash } from "../../agents/indexer/merkle/index.js";
import { bidTypedData, reviewTypedData } from "../../agents/protocol/eip712.js";
import { canonicalJson, resultHash, specHash } from "../../agents/protocol/hashes.js";
import { BidTerms, Message } from "../../agents/protocol/messages.js";
import { parseMessage } from "../../agents/protocol/parseMessage.js";
import { resultTypedData } from "../../agents/protocol/resultTypedData.js";
import { ReviewFields } from "../../agents/protocol/review.js";
import { ReviewLeaf, reviewLeaf } from "../../agents/protocol/reviewLeaf.js";
import { TaskSpec } from "../../agents/protocol/task.js";

const doc = readFileSync("docs/PROTOCOL.md", "utf8");
/** Every fenced block of one kind (```json test-vector / ```json message), parsed. */
const blocks = (kind: string) => [...doc.matchAll(new RegExp("```json " + kind + "\\n([\\s\\S]*?)\\n```", "g"))].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
const vectors = blocks("test-vector");
const vector = (name: string) => {
  const v = vectors.filter((x) => x.vector === name);
  expect(v, `docs/PROTOCOL.md has one "${name}" vector`).to.have.lengthOf(1);
  // The vector's fields are whatever the document says; the code under test checks their types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return v[0] as Record<string, any>;
};

describe("docs/PROTOCOL.md", () => {
  it("holds the test vectors the protocol needs, and no other", () => {
    expect(vectors.map((v) => v.vector)).to.have.members(["specHash", "resultHash", "bid", "result", "review", "coldHash", "settings", "agentCard", "agentWalletSet", "envelope"]);
  });

  it("spec hash vector: canonical JSON (sorted keys, no whitespace, UTF-8) and its keccak256, as the code computes them", () => {
    const v = vector("specHash");
    const spec = TaskSpec.parse(v.spec);
    expect(canonicalJson(v.spec)).to.equal(v.canonicalJson);
    expect(canonicalJson(spec)).to.equal(v.canonicalJson);
    expect(specHash(spec)).to.equal(v.specHash);
  });

  it("result hash vector: keccak256 of the UTF-8 output", () => {
    const v = vector("resultHash");
    expect(resultHash(v.output)).to.equal(v.resultHash);
  });

  it("Bid and Result vectors: EIP-712 digests and signatures of the documented key, recovering to the worker", async () => {
    const bid = vector("bid");
    const terms = BidTerms.parse(bid.terms);
    const account = privateKeyToAccount(bid.privateKey);
    const bidData = bidTypedData(bid.chainId, getAddress(bid.escrow), terms);
    expect(hashTypedData(bidData)).to.equal(bid.digest);
    expect(await account.signTypedData(bidData)).to.equal(bid.signature);
    expect(await recoverTypedDataAddress({ ...bidData, signature: bid.signature })).to.equal(terms.worker);

    const r = vector("result");
    const resultData = resultTypedData(r.chainId, getAddress(r.escrow), { taskId: r.taskId, resultHash: r.resultHash });
    expect(hashTypedData(resultData)).to.equal(r.digest);
    expect(await privateKeyToAccount(r.privateKey).signTypedData(resultData)).to.equal(r.signature);
    expect(r.resultHash).to.equal(vector("resultHash").resultHash);
  });

  it("Review vector: the EIP-712 digest and the Merkle leaf (the review's id) with the task's worker, claim and delivery", () => {
    const v = vector("review");
    const review = ReviewFields.parse(v.review);
    expect(hashTypedData(reviewTypedData(v.chainId, getAddress(v.escrow), review))).to.equal(v.digest);
    const leaf = ReviewLeaf.parse({ ...v.review, ...v.task });
    expect(reviewLeafHash(leaf)).to.equal(v.leafHash);
    // The documented formula, written out with viem alone, gives the same leaf.
    const encoded = encodeAbiParameters(parseAbiParameters("bytes32, address, address, uint8, bytes32, uint64, address, uint16, uint16"), reviewLeaf(leaf));
    expect(keccak256(keccak256(encoded))).to.equal(v.leafHash);
    // error: a different claim is a different leaf.
    expect(reviewLeafHash({ ...leaf, claimedSuccessBps: leaf.claimedSuccessBps - 1 })).to.not.equal(v.leafHash);
  });

  it("cold terms hash vector: what submit takes beside the hot terms", () => {
    const v = vector("coldHash");
    const hash = coldTermsHash({ ...(v as object), client: v.arbiter, worker: v.arbiter, token: v.arbiter, amount: 0n, deadline: 0n, reviewPeriod: 0n, feeBps: 0 } as never);
    expect(hash).to.equal(v.coldHash);
  });

  it("every message example is valid, one per message type, and the examples agree with the vectors", async () => {
    const messages = blocks("message");
    for (const m of messages) expect(parseMessage(m).ok, JSON.stringify(m).slice(0, 100)).to.equal(true);
    expect(new Set(messages.map((m) => m.type))).to.have.lengthOf(Message.options.length);
    const announce = Message.parse(messages.find((m) => m.type === "announce"));
    if (announce.type !== "announce") throw new Error("unreachable");
    expect(specHash(announce.spec)).to.equal(announce.specHash);
    const bid = Message.parse(messages.find((m) => m.type === "bid")) as Extract<Message, { type: "bid" }>;
    const terms = bid.terms;
    const signer = await recoverTypedDataAddress({ ...bidTypedData(vector("bid").chainId, getAddress(vector("bid").escrow), terms), signature: bid.signature as Hex });
    expect(signer).to.equal(terms.worker);
    const result = messages.find((m) => m.type === "result") as { output: string; resultHash: string };
    expect(resultHash(result.output)).to.equal(result.resultHash);
  });
});
