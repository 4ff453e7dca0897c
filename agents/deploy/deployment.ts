import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { UserInputError } from "../errors.js";
import { ChecksumAddress } from "../protocol/codecs.js";

const Deployed = z.strictObject({ address: ChecksumAddress, block: z.number().int().nonnegative() });

/**
 * What `npm run deploy` writes to deployments/<chainId>.json and every agent reads at start-up.
 * `block` is the deployment block, where event scans start. Addresses are checksummed on reading,
 * so code behind it uses them as viem `Address`es.
 */
export const Deployment = z.strictObject({
  chainId: z.number().int().positive(),
  network: z.string(),
  escrow: Deployed,
  anchor: Deployed,
  /**
   * The TeamAccountFactory: managers make team wallets with it, workers sign team bids only for
   * wallets it makes. A record written before teams were deployed lacks it (agents then form no teams).
   */
  teamFactory: Deployed.optional(),
  /**
   * The ERC-8004 identity registry: ours, or an existing one (IDENTITY_REGISTRY) with block 0.
   * Every deploy writes it; a record written before the registry existed lacks it.
   */
  registry: Deployed.optional(),
  token: Deployed,
  /** True when `token` is the local, freely mintable demo token. */
  demoToken: z.boolean(),
  arbiter: ChecksumAddress,
  anchorer: ChecksumAddress,
  feeRecipient: ChecksumAddress,
  feeBps: z.number().int().min(0).max(1_000),
  /** ReputationAnchor's epoch length in seconds (its EPOCH_SECONDS()). */
  epochSeconds: z.number().int().positive(),
  deployedAt: z.string(),
});
export type Deployment = z.infer<typeof Deployment>;

export class DeploymentFileError extends UserInputError {
  override readonly name = "DeploymentFileError" as const;
}

/** Where deployment records live: DEPLOYMENTS_DIR, else ./deployments. */
export const DEFAULT_DEPLOYMENTS_DIR = process.env.DEPLOYMENTS_DIR ?? "deployments";

export function deploymentPath(chainId: number, dir = DEFAULT_DEPLOYMENTS_DIR): string {
  return path.join(dir, `${chainId}.json`);
}

/** @example await writeDeployment(deployment) // deployments/31337.json */
export async function writeDeployment(d: Deployment, dir = DEFAULT_DEPLOYMENTS_DIR): Promise<string> {
  const file = deploymentPath(d.chainId, dir);
  await mkdir(dir, { recursive: true });
  await writeFile(file, JSON.stringify(Deployment.parse(d), null, 2) + "\n");
  return file;
}

/** Reads and checks deployments/<chainId>.json; a missing or malformed file is a typed error that says what to run. */
export async function readDeployment(chainId: number, dir = DEFAULT_DEPLOYMENTS_DIR): Promise<Deployment> {
  const file = deploymentPath(chainId, dir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new DeploymentFileError(`no deployment for chain ${chainId}`, {
      code: "DEPLOYMENT_MISSING",
      details: { file, hint: "run `npm run deploy -- --network <name>` first" },
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DeploymentFileError(`${file} is not JSON`, { code: "DEPLOYMENT_INVALID", details: { file }, cause });
  }
  const parsed = Deployment.safeParse(json);
  if (!parsed.success) {
    throw new DeploymentFileError(`${file} does not match the deployment schema`, {
      code: "DEPLOYMENT_INVALID",
      details: { file, issues: z.prettifyError(parsed.error) },
    });
  }
  return parsed.data;
}
