import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, type Address } from "viem";
import { payloadHash, type EnvelopeDomain } from "../../agents/protocol/envelope.js";
import type { Message } from "../../agents/protocol/messages.js";
import { ReplayGuard } from "../../agents/protocol/replayGuard.js";
import { signEnvelope } from "../../agents/protocol/signEnvelope.js";
import { verifyEnvelope } from "../../agents/protocol/verifyEnvelope.js";
import { domain, freshSigner } from "../agents/fixtures/network.js";
import { sampleMessages, wireMessages } from "../agents/fixtures/messages.js";

const NOW = 1_800_000_000n;
const sender = freshSigner();
const receiver = getAddress(freshSigner().address);
const registry = new Map<bigint, Address>([[7n, sender.address]]);
const resolver = { walletOf: async (id: bigint) => registry.get(id) };
const bid = sampleMessages[1]!;
const wireBid = wireMessages[1]!;

function seal(over: { domain?: EnvelopeDomain; from?: string; to?: Address; message?: Message; expiry?: bigint; nonce?: bigint; signer?: typeof sender } = {}) {
  return signEnvelope(over.signer ?? sender, over.domain ?? domain, {
    from: over.from ?? "7",
    to: over.to ?? receiver,
    message: over.message ?? bid,
    expiry: over.expiry ?? NOW + 60n,
    nonce: over.nonce ?? 1n,
  });
}

function open(raw: unknown, replay = new ReplayGuard(), now = NOW) {
  return verifyEnvelope(JSON.parse(JSON.stringify(raw)), { domain, self: receiver, resolver, replay, nowSeconds: now });
}

async function code(raw: unknown, replay?: ReplayGuard, now?: bigint): Promise<string | undefined> {
  const r = await open(raw, replay, now);
  return r.ok ? undefined : r.error.code;
}

describe("signed envelopes (protocol/envelope.ts)", () => {
  it("opens an envelope signed by the sender's registered wallet and names the sender", async () => {
    const r = await open(await seal());
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.from).to.deep.equal({ agentId: "7", address: sender.address });
    expect(r.message).to.deep.equal(bid);
  });

  it("hashes the payload independently of key order", () => {
    const reordered = Object.fromEntries(Object.entries(wireBid).reverse());
    expect(payloadHash(reordered)).to.equal(payloadHash(wireBid));
  });

  it("error: forged signer (another key claims agent 7) is ENVELOPE_BAD_SIGNATURE", async () => {
    expect(await code(await seal({ signer: freshSigner() }))).to.equal("ENVELOPE_BAD_SIGNATURE");
  });

  it("error: a key the registry binds to no agent id is ENVELOPE_UNREGISTERED_SENDER", async () => {
    expect(await code(await seal({ from: "8" }))).to.equal("ENVELOPE_UNREGISTERED_SENDER");
  });

  it("error: signed for another chain, escrow or registry is ENVELOPE_BAD_SIGNATURE", async () => {
    expect(await code(await seal({ domain: { ...domain, chainId: 1 } }))).to.equal("ENVELOPE_BAD_SIGNATURE");
    expect(await code(await seal({ domain: { ...domain, escrow: receiver } }))).to.equal("ENVELOPE_BAD_SIGNATURE");
    expect(await code(await seal({ domain: { ...domain, registry: receiver } }))).to.equal("ENVELOPE_BAD_SIGNATURE");
  });

  it("error: the same envelope twice is ENVELOPE_REPLAYED; a fresh nonce passes", async () => {
    const replay = new ReplayGuard();
    const env = await seal();
    expect(await code(env, replay)).to.equal(undefined);
    expect(await code(env, replay)).to.equal("ENVELOPE_REPLAYED");
    expect(await code(await seal({ nonce: 2n }), replay)).to.equal(undefined);
  });

  it("error: a forgery does not burn the real sender's nonce", async () => {
    const replay = new ReplayGuard();
    const forged = await seal({ signer: freshSigner() });
    expect(await code(forged, replay)).to.equal("ENVELOPE_BAD_SIGNATURE");
    expect(await code(await seal(), replay)).to.equal(undefined);
  });

  it("error: expired (expiry = now) is ENVELOPE_EXPIRED; beyond the maximum lifetime is ENVELOPE_EXPIRY_TOO_FAR", async () => {
    expect(await code(await seal({ expiry: NOW }))).to.equal("ENVELOPE_EXPIRED");
    expect(await code(await seal({ expiry: NOW + 601n }))).to.equal("ENVELOPE_EXPIRY_TOO_FAR");
    expect(await code(await seal({ expiry: NOW + 600n }))).to.equal(undefined);
  });

  it("error: a payload swapped under a valid signature is ENVELOPE_PAYLOAD_MISMATCH", async () => {
    const env = await seal();
    const swapped = { ...env, payload: { ...wireBid, estimate: { ...(wireBid as { estimate: object }).estimate, price: "1" } } };
    expect(await code(swapped)).to.equal("ENVELOPE_PAYLOAD_MISMATCH");
  });

  it("error: a signed task id that is not the payload's task is ENVELOPE_TASK_MISMATCH", async () => {
    const env = await seal();
    expect(await code({ ...env, taskId: `0x${"99".repeat(32)}` })).to.equal("ENVELOPE_TASK_MISMATCH");
  });

  it("error: an envelope for another recipient is ENVELOPE_WRONG_RECIPIENT (no redirecting a message)", async () => {
    expect(await code(await seal({ to: sender.address }))).to.equal("ENVELOPE_WRONG_RECIPIENT");
  });

  it("error: malformed envelopes and payloads are typed, never thrown", async () => {
    expect(await code("not an envelope")).to.equal("ENVELOPE_INVALID");
    expect(await code({ ...(await seal()), signature: "0x12" })).to.equal("ENVELOPE_INVALID");
    const bad = await seal({ message: { ...bid, taskId: "0x12" } as unknown as Message }).catch(() => undefined);
    expect(bad).to.equal(undefined); // the sender cannot even seal a message without a task id
    const env = await seal();
    const junk = { type: "bid", taskId: (bid as { taskId: string }).taskId };
    expect(await code({ ...env, payload: junk, payloadHash: payloadHash(junk) })).to.equal("MESSAGE_INVALID");
  });
});
