import { getAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import { AddressString, PrivateKey } from "../protocol/codecs.js";
import { ConfigError } from "./errors.js";
import { redactUrl } from "./db/postgres.js";
import { DEFAULT_DEPLOYMENTS_DIR, deploymentPath, readDeployment } from "../deploy/deployment.js";

const Int = (min: number) => z.coerce.number().int().min(min);

/** The indexer's environment. PRIVATE_KEY (the anchorer) is never echoed back in errors or logs. */
export const IndexerEnv = z.object({
  DATABASE_URL: z.string().url().optional(),
  /**
   * A PostgreSQL read replica (hot standby) of DATABASE_URL for `indexer api` and `all`: reviews,
   * proofs, epochs, datasets, scores and lists are read there (what the replica has not replayed
   * yet is looked for on the primary); writes stay on DATABASE_URL. `indexer worker` ignores it.
   */
  DATABASE_READ_URL: z.string().url().optional(),
  /** PostgreSQL schema to keep the indexer's tables in (created if missing); default: the search path. */
  DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "expected a lower-case SQL identifier").optional(),
  DATA_DIR: z.string().min(1).default("./data/indexer"),
  RPC_URL: z.string().url().default("http://127.0.0.1:8545"),
  PRIVATE_KEY: PrivateKey.optional(),
  ESCROW_ADDRESS: AddressString.optional(),
  ANCHOR_ADDRESS: AddressString.optional(),
  /** ERC-8004 identity registry to mirror for GET /agents; defaults to the deployment record's. */
  IDENTITY_REGISTRY: AddressString.optional(),
  /** First block to ingest; defaults to the escrow's deployment block. */
  START_BLOCK: z.coerce.bigint().nonnegative().optional(),
  EPOCH_SECONDS: Int(1).default(86_400),
  /** Tasks that locked less than this many token base units carry no reputation weight (wash tasks). */
  MIN_TASK_VALUE: z.coerce.bigint().nonnegative().default(10_000n),
  CONFIRMATIONS: Int(0).default(2),
  PORT: Int(0).max(65_535).default(8787),
  /** Address the HTTP API binds (loopback by default; 0.0.0.0 to serve other hosts). */
  HOST: z.string().min(1).max(255).default("127.0.0.1"),
  POLL_MS: Int(100).default(2_000),
  /** Per-client requests per second on the HTTP API; 0 turns rate limiting off (e.g. behind a proxy). */
  RATE_LIMIT_PER_SECOND: Int(0).default(200),
  /** Requests a client may send at once after being idle. */
  RATE_LIMIT_BURST: Int(1).default(400),
  /**
   * Fault injection for the hardening suite, never for production: `kill-after-anchor-send`
   * makes the process SIGKILL itself right after broadcasting an anchoring transaction and
   * before recording it, the window in which a crash could lead to a second anchor.
   */
  INDEXER_FAULT: z.enum(["kill-after-anchor-send"]).optional(),
});
export type IndexerEnv = z.infer<typeof IndexerEnv>;

/**
 * Parses the environment; a bad value is a {@link ConfigError} naming the variable (never its value).
 *
 * @example
 * const env = parseIndexerEnv(process.env);
 */
export function parseIndexerEnv(env: Record<string, string | undefined>): IndexerEnv {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = IndexerEnv.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid indexer configuration: ${problems.join("; ")}`, { problems });
  }
  return parsed.data;
}

/**
 * A contract's address and first block: the explicit address if given (scanning from block 0),
 * else the deployment record `npm run deploy` wrote for `chainId` (deployments/<chainId>.json).
 *
 * @example
 * const { address: anchor } = await resolveContract("anchor", env.ANCHOR_ADDRESS, chainId);
 */
export async function resolveContract(
  contract: "escrow" | "anchor" | "registry" | "teamFactory",
  explicit: string | undefined,
  chainId: number,
  dir = DEFAULT_DEPLOYMENTS_DIR,
): Promise<{ address: Address; block: bigint }> {
  if (explicit) return { address: getAddress(explicit), block: 0n };
  try {
    const d = (await readDeployment(chainId, dir))[contract];
    if (!d) throw new Error(`the deployment record has no ${contract} (deployed before it existed)`);
    return { address: getAddress(d.address), block: BigInt(d.block) };
  } catch (cause) {
    throw new ConfigError(`no ${contract} address: set it in the environment or run \`npm run deploy\` for chain ${chainId}`, {
      file: deploymentPath(chainId, dir),
      reason: cause instanceof Error ? cause.message : String(cause),
    });
  }
}

/** Config safe to print: secrets replaced by what they identify. */
export function describeConfig(env: IndexerEnv, anchorer: Address | null): Record<string, unknown> {
  const { PRIVATE_KEY: _secret, DATABASE_URL, DATABASE_READ_URL, ...rest } = env;
  return {
    ...rest,
    START_BLOCK: rest.START_BLOCK?.toString() ?? "deployment block",
    MIN_TASK_VALUE: rest.MIN_TASK_VALUE.toString(),
    DATABASE: DATABASE_URL ? redactUrl(DATABASE_URL) : `embedded (PGlite) at ${env.DATA_DIR}`,
    ...(DATABASE_READ_URL ? { DATABASE_READ: redactUrl(DATABASE_READ_URL) } : {}),
    anchorer: anchorer ?? "none (read-only: epochs are not anchored)",
  };
}

export type { Hex };
