import { createPublicClient, http, type Address } from "viem";
import { z } from "zod";
import { UserInputError } from "../errors.js";
import { resolveContract } from "../indexer/config.js";
import { AddressString } from "../protocol/codecs.js";

/** The dashboard's environment: the same variables the agents and the indexer read, plus its own port. */
export const DashboardEnv = z.object({
  RPC_URL: z.string().url().default("http://127.0.0.1:8545"),
  INDEXER_URL: z.string().url().default("http://127.0.0.1:8787"),
  /** The manager's board, as the workers find it: its `GET /tasks` gives the steps before funding. */
  BOARD_URL: z.string().url().default("http://127.0.0.1:8600"),
  DEPLOYMENTS_DIR: z.string().min(1).default("deployments"),
  ESCROW_ADDRESS: AddressString.optional(),
  ANCHOR_ADDRESS: AddressString.optional(),
  /** First block to read events from, as for the indexer; default: the deployment block (0 for explicit addresses). */
  START_BLOCK: z.coerce.bigint().nonnegative().optional(),
  DASHBOARD_PORT: z.coerce.number().int().min(0).max(65_535).default(8700),
  /** Loopback unless you mean to expose the proxy to the chain and indexer. */
  DASHBOARD_HOST: z.string().min(1).default("127.0.0.1"),
});
export type DashboardEnv = z.infer<typeof DashboardEnv>;

/** A bad DASHBOARD_* / RPC_URL / ... value; names the variable, never echoes a secret. */
export class DashboardConfigError extends UserInputError {
  override name = "DashboardConfigError" as const;
}

/** What the page learns from GET /config.json: where the contracts are. It reaches chain and indexer through the server. */
export interface DashboardConfig {
  chainId: number;
  escrow: Address;
  /** First block of the escrow's event scan (its deployment block, or 0 for an explicit address). */
  escrowBlock: string;
  anchor: Address | null;
  anchorBlock: string;
  /** Paths on the dashboard server that relay the chain's JSON-RPC, the indexer's API and the manager's announced tasks. */
  rpcPath: "/rpc";
  indexerPath: "/indexer";
  managerPath: "/manager";
  /** Where the relays go (shown on the page, so a reader knows whose chain it is). */
  upstream: { rpcUrl: string; indexerUrl: string; boardUrl: string };
}

/** @example const env = parseDashboardEnv(process.env); */
export function parseDashboardEnv(env: Record<string, string | undefined>): DashboardEnv {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = DashboardEnv.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new DashboardConfigError(`invalid dashboard configuration: ${problems.join("; ")}`, { code: "DASHBOARD_CONFIG", details: { problems } });
  }
  return parsed.data;
}

/**
 * Resolves the contracts the way the indexer and the agents do: ESCROW_ADDRESS / ANCHOR_ADDRESS,
 * else the deployment record for the RPC's chain id in DEPLOYMENTS_DIR.
 *
 * @example
 * const config = await resolveDashboardConfig(parseDashboardEnv(process.env));
 */
export async function resolveDashboardConfig(env: DashboardEnv): Promise<DashboardConfig> {
  const chainId = await createPublicClient({ transport: http(env.RPC_URL) }).getChainId();
  const escrow = await resolveContract("escrow", env.ESCROW_ADDRESS, chainId, env.DEPLOYMENTS_DIR);
  const anchor = await resolveContract("anchor", env.ANCHOR_ADDRESS, chainId, env.DEPLOYMENTS_DIR).catch(() => null);
  return {
    chainId,
    escrow: escrow.address,
    escrowBlock: (env.START_BLOCK ?? escrow.block).toString(),
    anchor: anchor?.address ?? null,
    anchorBlock: (env.START_BLOCK ?? anchor?.block ?? 0n).toString(),
    rpcPath: "/rpc",
    indexerPath: "/indexer",
    managerPath: "/manager",
    upstream: { rpcUrl: env.RPC_URL, indexerUrl: env.INDEXER_URL, boardUrl: env.BOARD_URL },
  };
}
