import { readFile } from "node:fs/promises";
import { z } from "zod";
import { DEFAULT_INDEXER_URL } from "../indexer/client.js";
import { ConfigError } from "../errors.js";
import { LlmClientConfig } from "../llm/create.js";
import { CapabilityProfile } from "../protocol/task.js";
import { AddressString, PrivateKey } from "../protocol/codecs.js";

const Int = (min: number) => z.coerce.number().int().min(min);

/** One agent process's environment. PRIVATE_KEY is never echoed in errors or logs. */
export const AgentEnv = z.object({
  ROLE: z.enum(["manager", "worker", "arbiter"]),
  RPC_URL: z.string().url().default("http://127.0.0.1:8545"),
  PRIVATE_KEY: PrivateKey,
  ESCROW_ADDRESS: AddressString.optional(),
  /** The manager serves its task board (POST /tasks, GET /tasks) on BOARD_PORT; agents talk over A2A. */
  BOARD_URL: z.string().url().default("http://127.0.0.1:8600"),
  BOARD_PORT: Int(0).max(65_535).default(8600),
  INDEXER_URL: z.string().url().default(DEFAULT_INDEXER_URL),
  /** Where the agent's own A2A endpoint binds (loopback by default) and on which port (0: a free one). */
  A2A_HOST: z.string().min(1).max(255).default("127.0.0.1"),
  A2A_PORT: Int(0).max(65_535).default(0),
  /** The host name other agents dial, written into the agent's registered card (default: A2A_HOST). */
  A2A_ADVERTISE: z.string().min(1).max(255).optional(),
  POLL_MS: Int(100).default(1_000),
  START_BLOCK: z.coerce.bigint().nonnegative().default(0n),
  /** Where the agent keeps what the chain cannot tell it after a restart (specs, results). */
  STATE_FILE: z.string().min(1).optional(),
  /** JSON file with the role's settings ({@link RoleFile}). */
  AGENT_CONFIG: z.string().min(1).optional(),
});
export type AgentEnv = z.infer<typeof AgentEnv>;

/** The role-specific settings, from the AGENT_CONFIG file. */
export const RoleFile = z.strictObject({
  llm: LlmClientConfig.optional(),
  /** worker: what it can do. */
  profile: CapabilityProfile.optional(),
  bidWindowMs: z.number().int().positive().max(600_000).optional(),
  acceptScore: z.number().min(0).max(1).optional(),
  /** arbiter: never rule, so the escrow's fallback applies. */
  silent: z.boolean().optional(),
});
export type RoleFile = z.input<typeof RoleFile>;

function fail(what: string, issues: z.core.$ZodIssue[]): never {
  const problems = issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  throw new ConfigError(`invalid ${what}: ${problems.join("; ")}`, { problems });
}

/**
 * Parses an agent process's environment and its role file; a bad value is a ConfigError naming
 * the field (never its value).
 *
 * @example
 * const { env, role } = await loadAgentConfig(process.env);
 */
export async function loadAgentConfig(
  envIn: Record<string, string | undefined>,
  read: (path: string) => Promise<string> = (p) => readFile(p, "utf8"),
): Promise<{ env: AgentEnv; role: z.output<typeof RoleFile> }> {
  const cleaned = Object.fromEntries(Object.entries(envIn).filter(([, v]) => v !== undefined && v !== ""));
  const env = AgentEnv.safeParse(cleaned);
  if (!env.success) fail("agent environment", env.error.issues);
  let raw: unknown = {};
  if (env.data.AGENT_CONFIG) {
    try {
      raw = JSON.parse(await read(env.data.AGENT_CONFIG));
    } catch (cause) {
      throw new ConfigError(`cannot read AGENT_CONFIG as JSON`, { path: env.data.AGENT_CONFIG, cause: String(cause) });
    }
  }
  const role = RoleFile.safeParse(raw);
  if (!role.success) fail("agent config file", role.error.issues);
  if (env.data.ROLE === "worker" && !role.data.profile) throw new ConfigError("a worker needs `profile` in its config file");
  return { env: env.data, role: role.data };
}
