import { z } from "zod";
import { getAddress, type Address } from "viem";
import { UserInputError } from "../errors.js";
import { AddressString } from "../protocol/codecs.js";
import type { DeployParams } from "./deployMarket.js";
import { DEV_ROLES } from "./devAccounts.js";

/** Environment the deploy script reads. Every field is optional; defaults use the deployer's accounts. */
export const DeployEnv = z.object({
  FEE_BPS: z.coerce.number().int().min(0).max(1_000).default(100),
  FEE_RECIPIENT: AddressString.optional(),
  ARBITER_ADDRESS: AddressString.optional(),
  ANCHORER_ADDRESS: AddressString.optional(),
  PAYMENT_TOKEN: AddressString.optional(),
  /** ReputationAnchor's epoch length, fixed at deployment; the indexer's EPOCH_SECONDS must equal it. */
  EPOCH_SECONDS: z.coerce.number().int().min(1).max(2 ** 53 - 1).default(86_400),
  /** An existing ERC-8004 identity registry (e.g. the canonical one) instead of deploying ours. */
  IDENTITY_REGISTRY: AddressString.optional(),
});

export class DeployConfigError extends UserInputError {
  override readonly name = "DeployConfigError" as const;
}

/**
 * Deploy parameters from the environment, falling back to the connection's accounts in the
 * development roles (agents/deploy/devAccounts.ts DEV_ROLES: 0 anchorer, 1 fee recipient and escrow
 * owner, 3 arbiter), which is what a local node offers.
 */
export function deployParamsFromEnv(env: NodeJS.ProcessEnv, accounts: readonly Address[]): DeployParams {
  const parsed = DeployEnv.safeParse(env);
  if (!parsed.success) {
    throw new DeployConfigError("invalid deploy configuration", {
      code: "DEPLOY_CONFIG_INVALID",
      details: { issues: z.prettifyError(parsed.error) },
    });
  }
  const e = parsed.data;
  const pick = (value: string | undefined, index: number, what: string): Address => {
    const v = value ?? accounts[index];
    if (!v) throw new DeployConfigError(`no ${what} address`, { code: "DEPLOY_CONFIG_INVALID", details: { missing: what } });
    return getAddress(v);
  };
  return {
    feeBps: e.FEE_BPS,
    epochSeconds: e.EPOCH_SECONDS,
    feeRecipient: pick(e.FEE_RECIPIENT, DEV_ROLES.feeRecipient, "fee recipient (FEE_RECIPIENT)"),
    arbiter: pick(e.ARBITER_ADDRESS, DEV_ROLES.arbiter, "arbiter (ARBITER_ADDRESS)"),
    anchorer: pick(e.ANCHORER_ADDRESS, DEV_ROLES.owner, "anchorer (ANCHORER_ADDRESS)"),
    ...(e.PAYMENT_TOKEN ? { paymentToken: getAddress(e.PAYMENT_TOKEN) } : {}),
    ...(e.IDENTITY_REGISTRY ? { identityRegistry: getAddress(e.IDENTITY_REGISTRY) } : {}),
  };
}
