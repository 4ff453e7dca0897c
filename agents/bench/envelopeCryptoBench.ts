import { getAddress, isAddressEqual, numberToHex, recoverTypedDataAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { envelopeDigest, envelopeTypedData, payloadHash, type EnvelopeDomain } from "../protocol/envelope.js";
import { signedBy } from "../protocol/signatureCheck.js";

/** Milliseconds to sign one envelope and check its signature, each way, measured interleaved in one process. */
export interface EnvelopeCryptoRow {
  envelopes: number;
  /** viem: signTypedData (hashTypedData + sign) and recoverTypedDataAddress + compare, what every A2A message cost before. */
  viemMs: number;
  /** envelopeDigest (cached domain separator), the key signing that digest, and signatureCheck.ts (libsecp256k1 recovery). */
  sharedMs: number;
}

/**
 * Signs and checks `envelopes` envelopes from one sender both ways, in turn on each envelope (so
 * machine load hits both alike); every check must say yes. The other checks of an envelope
 * (schema, payload hash, expiry, replay) are the same both ways and not timed.
 *
 * @example
 * const row = await benchEnvelopeCrypto(300); // row.viemMs vs row.sharedMs
 */
export async function benchEnvelopeCrypto(envelopes: number): Promise<EnvelopeCryptoRow> {
  const domain: EnvelopeDomain = { chainId: 31337, escrow: getAddress(`0x${"e5".repeat(20)}`), registry: getAddress(`0x${"80".repeat(20)}`) };
  const sender = privateKeyToAccount(generatePrivateKey());
  const to = privateKeyToAccount(generatePrivateKey()).address;
  const t = { viem: 0, shared: 0 };
  for (let i = 0; i < envelopes; i++) {
    const fields = { from: 1n, to, taskId: numberToHex(i, { size: 32 }), expiry: 1_800_000_000n + BigInt(i), nonce: BigInt(i) << 64n, payloadHash: payloadHash({ i }) };
    let at = performance.now();
    const typed = envelopeTypedData(domain, fields);
    const a = isAddressEqual(await recoverTypedDataAddress({ ...typed, signature: await sender.signTypedData(typed) }), sender.address);
    t.viem += performance.now() - at;
    at = performance.now();
    const digest = envelopeDigest(domain, fields);
    const b = signedBy(digest, await sender.sign({ hash: `0x${Buffer.from(digest).toString("hex")}` }), sender.address);
    t.shared += performance.now() - at;
    if (!a || !b) throw new Error(`a valid envelope signature was refused (viem ${a}, shared ${b})`);
  }
  const ms = (x: number) => Math.round((x / envelopes) * 1000) / 1000;
  return { envelopes, viemMs: ms(t.viem), sharedMs: ms(t.shared) };
}
