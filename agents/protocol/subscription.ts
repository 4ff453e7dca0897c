import { getAddress, recoverTypedDataAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import { envelopeDomain, MAX_ENVELOPE_TTL_SECONDS, type EnvelopeDomain, type EnvelopeSigner } from "./envelope.js";
import type { ReplayGuard } from "./replayGuard.js";
import { hexString } from "./codecs.js";

/**
 * Proof that whoever opens a relay's event stream for a wallet holds that wallet: EIP-712
 * `Subscribe(address wallet, uint64 expiry, uint256 nonce)` in the envelope domain, sent as the
 * query of `GET /events`. Without it anyone could read (and cut off) another agent's messages.
 */
export const subscribeTypes = {
  Subscribe: [
    { name: "wallet", type: "address" },
    { name: "expiry", type: "uint64" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

/** The query of `GET /events`: every value a decimal or hex string, as a URL carries it. */
export const SubscriptionQuery = z.strictObject({
  id: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "id must be the subscriber's wallet address"),
  expiry: z.string().regex(/^\d{1,20}$/, "expiry must be unix seconds"),
  nonce: z.string().regex(/^\d{1,78}$/, "nonce must be a decimal integer"),
  sig: hexString(/^0x[0-9a-fA-F]{130}$/, "sig must be a 65-byte hex signature"),
});
export type SubscriptionQuery = z.infer<typeof SubscriptionQuery>;

export type SubscriptionRefusal = "SUBSCRIBER_INVALID" | "SUBSCRIPTION_EXPIRED" | "SUBSCRIPTION_BAD_SIGNATURE" | "SUBSCRIPTION_REPLAYED";

/** Signs a subscription for `signer`'s own wallet, valid for `ttlSeconds` (default 60). */
export async function signSubscription(signer: EnvelopeSigner, domain: EnvelopeDomain, nonce: bigint, nowSeconds: bigint, ttlSeconds = 60): Promise<SubscriptionQuery> {
  const message = { wallet: getAddress(signer.address), expiry: nowSeconds + BigInt(ttlSeconds), nonce };
  const sig: Hex = await signer.signTypedData({ domain: envelopeDomain(domain), types: subscribeTypes, primaryType: "Subscribe", message });
  return { id: message.wallet, expiry: message.expiry.toString(), nonce: nonce.toString(), sig };
}

/**
 * Checks a `GET /events` query: its shape, expiry (future, at most 600 s ahead), that the
 * signature is the wallet's own, and that its nonce was not used while it is live.
 */
export async function verifySubscription(
  domain: EnvelopeDomain,
  raw: unknown,
  nowSeconds: bigint,
  replay: ReplayGuard,
): Promise<{ ok: true; wallet: Address } | { ok: false; code: SubscriptionRefusal; reason: string }> {
  const q = SubscriptionQuery.safeParse(raw);
  if (!q.success) return { ok: false, code: "SUBSCRIBER_INVALID", reason: q.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const wallet = getAddress(q.data.id);
  const expiry = BigInt(q.data.expiry);
  const nonce = BigInt(q.data.nonce);
  if (expiry <= nowSeconds || expiry > nowSeconds + BigInt(MAX_ENVELOPE_TTL_SECONDS)) {
    return { ok: false, code: "SUBSCRIPTION_EXPIRED", reason: `expiry ${expiry} is not within (${nowSeconds}, ${nowSeconds + BigInt(MAX_ENVELOPE_TTL_SECONDS)}]` };
  }
  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({
      domain: envelopeDomain(domain),
      types: subscribeTypes,
      primaryType: "Subscribe",
      message: { wallet, expiry, nonce },
      signature: q.data.sig,
    });
  } catch {
    return { ok: false, code: "SUBSCRIPTION_BAD_SIGNATURE", reason: "the signature does not recover" };
  }
  if (signer !== wallet) return { ok: false, code: "SUBSCRIPTION_BAD_SIGNATURE", reason: `signed by ${signer}, not by ${wallet}` };
  if (!replay.accept(signer, nonce, expiry, nowSeconds)) return { ok: false, code: "SUBSCRIPTION_REPLAYED", reason: `nonce ${nonce} of ${wallet} was already used` };
  return { ok: true, wallet };
}
