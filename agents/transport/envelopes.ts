import type { Address } from "viem";
import type { EnvelopeDomain, SignedEnvelope, WalletResolver } from "../protocol/envelope.js";
import type { Message } from "../protocol/messages.js";
import { ReplayGuard } from "../protocol/replayGuard.js";
import { randomNonce, signEnvelope } from "../protocol/signEnvelope.js";
import { verifyEnvelope, type VerifyEnvelopeResult } from "../protocol/verifyEnvelope.js";
import type { AgentIdentity } from "./Transport.js";

/** What every endpoint of one market needs to seal and open envelopes. */
export interface NetworkSecurity {
  domain: EnvelopeDomain;
  /** agent id -> registered wallet (the identity registry, or the indexer's mirror of it). */
  resolver: WalletResolver;
  /** Unix seconds now (default: the wall clock). */
  nowSeconds?: () => bigint;
  /** Lifetime of an envelope this endpoint sends, in seconds (default 120). */
  ttlSeconds?: number;
}

const wallClock = () => BigInt(Math.floor(Date.now() / 1000));

/**
 * One endpoint's envelope handling: seals what it sends with its identity and opens what it
 * receives (signature against the registered wallet, expiry, replay with its own memory).
 *
 * @example
 * const env = new Envelopes(identity, security);
 * const sealed = await env.seal(worker, { type: "award", ... });
 * const r = await env.open(JSON.parse(body)); // { ok, from, message } or { ok: false, error }
 */
export class Envelopes {
  private readonly replay = new ReplayGuard();
  private readonly now: () => bigint;

  constructor(
    readonly identity: AgentIdentity,
    private readonly security: NetworkSecurity,
  ) {
    this.now = security.nowSeconds ?? wallClock;
  }

  seal(to: Address, message: Message): Promise<SignedEnvelope> {
    const expiry = this.now() + BigInt(this.security.ttlSeconds ?? 120);
    return signEnvelope(this.identity.signer, this.security.domain, { from: this.identity.agentId, to, message, expiry, nonce: randomNonce() });
  }

  open(raw: unknown): Promise<VerifyEnvelopeResult> {
    return verifyEnvelope(raw, {
      domain: this.security.domain,
      self: this.identity.signer.address,
      resolver: this.security.resolver,
      replay: this.replay,
      nowSeconds: this.now(),
    });
  }
}
