import { describe, it } from "mocha";
import { expect } from "chai";
import fc from "fast-check";
import { getAddress, hashTypedData, isAddressEqual, recoverTypedDataAddress, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { envelopeDigest, envelopeTypedData, type EnvelopeDomain, type EnvelopeFields, type EnvelopeSigner, type SignedEnvelope } from "../../agents/protocol/envelope.js";
import type { Message } from "../../agents/protocol/messages.js";
import { ReplayGuard } from "../../agents/protocol/replayGuard.js";
import { signatureVariants } from "./fixtures/signatureVariants.js";
import { signEnvelope } from "../../agents/protocol/signEnvelope.js";
import { verifyEnvelope } from "../../agents/protocol/verifyEnvelope.js";

const NOW = 1_800_000_000n;
const alice = privateKeyToAccount(`0x${"31".repeat(32)}`);
const mallory = privateKeyToAccount(`0x${"32".repeat(32)}`);
/** A key as a typed-data-only signer (viem hashes the typed data, as a JSON-RPC wallet would). */
const typedOnly = (a: typeof alice): EnvelopeSigner => ({ address: a.address, signTypedData: (args) => a.signTypedData(args as never) });
const receiver = privateKeyToAccount(`0x${"33".repeat(32)}`).address;
const domain: EnvelopeDomain = { chainId: 31337, escrow: getAddress(`0x${"e5".repeat(20)}`), registry: getAddress(`0x${"80".repeat(20)}`) };
const resolver = { walletOf: async (id: bigint) => (id === 7n ? alice.address : undefined) };
const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => toHex(b));
const uint = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });

/** What the receiver accepted before the shared check: viem recovers the signer of viem's typed-data hash. */
async function viemSays(env: SignedEnvelope): Promise<boolean> {
  const fields = { from: BigInt(env.from), to: env.to, taskId: env.taskId, expiry: BigInt(env.expiry), nonce: BigInt(env.nonce), payloadHash: env.payloadHash };
  try {
    return isAddressEqual(await recoverTypedDataAddress({ ...envelopeTypedData(domain, fields), signature: env.signature }), alice.address);
  } catch {
    return false;
  }
}

const rejectOf = (taskId: Hex, reason: string): Message => ({ type: "reject", taskId, worker: receiver, code: "outbid", reason });

describe("envelope signature check (protocol/signatureCheck.ts on envelopes)", () => {
  it("computes the EIP-712 digest viem's hashTypedData computes, for any fields and market", () => {
    const arb = fc.record({ from: uint(256), to: hex(20), taskId: hex(32), expiry: uint(64), nonce: uint(256), payloadHash: hex(32), chainId: fc.integer({ min: 1, max: 2 ** 40 }), escrow: hex(20), registry: hex(20) });
    fc.assert(
      fc.property(arb, ({ chainId, escrow, registry, ...f }) => {
        const d = { chainId, escrow: getAddress(escrow), registry: getAddress(registry) };
        const fields = { ...f, to: getAddress(f.to) } as EnvelopeFields;
        expect(toHex(envelopeDigest(d, fields))).to.equal(hashTypedData(envelopeTypedData(d, fields)));
      }),
      { numRuns: 200 },
    );
    const base = { from: 1n, to: receiver, taskId: `0x${"11".repeat(32)}` as Hex, expiry: 1n, nonce: 1n, payloadHash: `0x${"22".repeat(32)}` as Hex };
    for (const bad of [{ expiry: 1n << 64n }, { nonce: -1n }, { taskId: "0x11" as Hex }, { to: "0x1234" as Address }]) {
      const fields = { ...base, ...bad };
      expect(() => envelopeDigest(domain, fields), JSON.stringify(bad, (_k, v) => (typeof v === "bigint" ? String(v) : v))).to.throw(RangeError);
      expect(() => hashTypedData(envelopeTypedData(domain, fields))).to.throw();
    }
  });

  it("accepts or refuses exactly as viem's recovery does, for honest, v-flipped, high-s, foreign and malformed signatures", async () => {
    const samples = fc.sample(fc.record({ taskId: hex(32), reason: fc.string({ maxLength: 40 }), nonce: uint(128), ttl: fc.integer({ min: 1, max: 600 }) }), { numRuns: 8, seed: 11 });
    let agreed = 0;
    for (const [i, s] of samples.entries()) {
      const args = { from: 7n, to: receiver, message: rejectOf(s.taskId as Hex, s.reason), expiry: NOW + BigInt(s.ttl), nonce: s.nonce };
      const own = await signEnvelope(typedOnly(alice), domain, args);
      const foreign = await signEnvelope(typedOnly(mallory), domain, args);
      for (const env of [...signatureVariants(own.signature).map((signature) => ({ ...own, signature })), ...signatureVariants(foreign.signature).map((signature) => ({ ...foreign, signature }))]) {
        const r = await verifyEnvelope(JSON.parse(JSON.stringify(env)), { domain, self: receiver, resolver, replay: new ReplayGuard(), nowSeconds: NOW });
        const expected = await viemSays(env);
        expect(r.ok, `envelope ${i} signature ${env.signature}: ${r.ok ? "" : r.error.code}`).to.equal(expected);
        if (!r.ok) expect(r.error.code).to.equal("ENVELOPE_BAD_SIGNATURE");
        agreed++;
      }
    }
    expect(agreed).to.equal(8 * 2 * 10);
  });

  it("error: a replayed envelope is refused even when its signature is re-encoded (v flipped with high s, v as 0/1)", async () => {
    const replay = new ReplayGuard();
    const env = await signEnvelope(typedOnly(alice), domain, { from: 7n, to: receiver, message: rejectOf(`0x${"ab".repeat(32)}`, "x"), expiry: NOW + 60n, nonce: 5n });
    const open = (e: SignedEnvelope) => verifyEnvelope(JSON.parse(JSON.stringify(e)), { domain, self: receiver, resolver, replay, nowSeconds: NOW });
    expect((await open(env)).ok).to.equal(true);
    for (const signature of signatureVariants(env.signature)) {
      const r = await open({ ...env, signature });
      expect(r.ok, signature).to.equal(false);
      if (!r.ok) expect(r.error.code, signature).to.equal((await viemSays({ ...env, signature })) ? "ENVELOPE_REPLAYED" : "ENVELOPE_BAD_SIGNATURE");
    }
  });

  it("error: a malformed signature is ENVELOPE_INVALID, and signing a ready digest gives viem's signTypedData signature", async () => {
    const env = await signEnvelope(typedOnly(alice), domain, { from: 7n, to: receiver, message: rejectOf(`0x${"cd".repeat(32)}`, "y"), expiry: NOW + 60n, nonce: 9n });
    for (const signature of ["0x", "0xzz", `${env.signature}00`, env.signature.slice(0, 128)]) {
      const r = await verifyEnvelope({ ...env, signature }, { domain, self: receiver, resolver, replay: new ReplayGuard(), nowSeconds: NOW });
      expect(r.ok ? undefined : r.error.code, signature).to.equal("ENVELOPE_INVALID");
    }
    const digestSigner = { address: alice.address, signTypedData: () => Promise.reject(new Error("not used")), signDigest: (hash: Hex) => alice.sign({ hash }) };
    expect((await signEnvelope(digestSigner, domain, { from: 7n, to: receiver, message: env.payload as Message, expiry: NOW + 60n, nonce: 9n })).signature).to.equal(env.signature);
  });
});
