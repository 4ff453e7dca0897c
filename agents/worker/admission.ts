import { isAddressEqual, type Address } from "viem";
import { specHash } from "../protocol/hashes.js";
import type { AnnounceMessage } from "../protocol/messages.js";
import type { CapabilityProfile } from "../protocol/task.js";
import { isCapable } from "./decide.js";

/**
 * Why a worker refused an announcement without spending a model call on it. An unsigned
 * announcement, or one whose signer is not the registered wallet of the agent id it claims, never
 * gets this far: the transport refuses its envelope (protocol/verifyEnvelope.ts).
 */
export type AnnouncementRefusal = "not-manager" | "other-escrow" | "incapable" | "spec-mismatch" | "already-seen" | "cannot-pay" | "low-reputation";

export type Admission = { ok: true } | { ok: false; reason: AnnouncementRefusal; detail: string };

/** The sender as the transport verified it: its registry agent id and the wallet bound to it. */
export interface VerifiedSender {
  agentId: string;
  address: Address;
}

/** What the worker checks locally: its escrow, its skills, and what it has already seen. */
export interface LocalFacts {
  chainId: number;
  escrow: Address;
  profile: CapabilityProfile;
  /** The worker already holds a record of this task (a repeat announcement). */
  seen: boolean;
}

/** What the chain (and optionally the indexer) says about the announcing manager. */
export interface ManagerStanding {
  /** Escrow credit, token balance and the token allowance to the escrow, in the announced token. */
  funds: { credit: bigint; balance: bigint; allowance: bigint };
  /** The manager's proven reputation in [0, 1], when the worker's policy asks for one. */
  reputation?: number;
}

export interface AdmissionPolicy {
  /** Refuse managers whose proven reputation is below this (default: no minimum). */
  minManagerReputation?: number;
}

/** Reads a manager's standing on chain (escrow credit, token balance and allowance; reputation). */
export interface StandingPort {
  standing(manager: Address, token: Address, withReputation: boolean): Promise<ManagerStanding>;
}

const no = (reason: AnnouncementRefusal, detail: string): Admission => ({ ok: false, reason, detail });

/**
 * The free checks (no chain read, no model call): the verified sender is the announcing manager,
 * the escrow is this worker's, the worker has the skills, the spec matches its hash, and the task
 * is new to this worker. Pure.
 *
 * @example
 * const s = screenAnnouncement(msg, from, { chainId, escrow, profile, seen: false });
 * if (!s.ok) log.info(`announcement refused: ${s.reason}`);
 */
export function screenAnnouncement(m: AnnounceMessage, from: VerifiedSender, local: LocalFacts): Admission {
  if (!isAddressEqual(from.address, m.manager)) return no("not-manager", `signed by agent ${from.agentId} (${from.address}), announced for ${m.manager}`);
  if (m.chainId !== local.chainId || !isAddressEqual(m.escrow, local.escrow)) return no("other-escrow", `escrow ${m.escrow} on chain ${m.chainId}`);
  if (!isCapable(local.profile, m.spec, m.teamCall)) return no("incapable", `needs ${m.spec.requiredSkills.join(", ")}`);
  if (specHash(m.spec) !== m.specHash) return no("spec-mismatch", "specHash does not match spec");
  if (local.seen) return no("already-seen", `task ${m.spec.taskId} already announced`);
  return { ok: true };
}

/**
 * The checks on the manager's standing, read on chain by the caller: it can pay the budget, from
 * its escrow credit or from its token balance within its allowance to the escrow; and, when the
 * policy sets one, its proven reputation is at least the minimum. Pure.
 *
 * @example
 * const a = admitAnnouncement(msg, await port.standing(manager, token, false), {});
 */
export function admitAnnouncement(m: AnnounceMessage, standing: ManagerStanding, policy: AdmissionPolicy = {}): Admission {
  const budget = BigInt(m.spec.budget);
  const { credit, balance, allowance } = standing.funds;
  if (credit < budget && (balance < budget || allowance < budget))
    return no("cannot-pay", `budget ${budget}: credit ${credit}, balance ${balance}, allowance ${allowance}`);
  const min = policy.minManagerReputation;
  if (min !== undefined && (standing.reputation ?? 0) < min) return no("low-reputation", `reputation ${standing.reputation ?? "unknown"} < ${min}`);
  return { ok: true };
}
