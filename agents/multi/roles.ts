import { getAddress, type Address } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { z } from "zod";
import { DEFAULT_INDEXER_URL } from "../indexer/client.js";
import type { RoleFile } from "../wiring/agentConfig.js";
import { simulatedWorkers, type SimulatedWorker } from "../llm/simulatedWorkers.js";
import { UserInputError } from "../errors.js";
import { DEV_MNEMONIC, DEV_ROLES } from "../deploy/devAccounts.js";

/** How many named profiles `npm run worker -- --profile <name>` knows (Hardhat's 20 accounts minus 4 roles). */
export const MAX_PROFILES = 16;

/** Settings every agent process shares; flags override the environment. */
export const ProcessSettings = z.object({
  /** The manager's task board (POST /tasks, GET /tasks): its port and the address it binds. */
  BOARD_PORT: z.coerce.number().int().min(0).max(65_535).default(8600),
  BOARD_HOST: z.string().min(1).max(255).default("127.0.0.1"),
  /** Each agent's own A2A endpoint: the address it binds (loopback by default; 0.0.0.0 to serve other hosts), its port (0: a free one). */
  A2A_HOST: z.string().min(1).max(255).default("127.0.0.1"),
  A2A_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  /** The host name other agents dial, written into the agent's registered card (default: A2A_HOST). */
  A2A_ADVERTISE: z.string().min(1).max(255).optional(),
  INDEXER_URL: z.string().url().default(DEFAULT_INDEXER_URL),
  POLL_MS: z.coerce.number().int().min(50).default(500),
  SEED: z.coerce.number().int().nonnegative().default(1),
});
export type ProcessSettings = z.infer<typeof ProcessSettings>;

export class ProfileError extends UserInputError {
  override name = "ProfileError";
}

/** The demo profiles (ada, bo, cy, dee, eve, w5, ...) with the development account index each signs with. */
export function knownProfiles(seed: number): (SimulatedWorker & { devIndex: number; address: Address })[] {
  return simulatedWorkers(MAX_PROFILES, seed).map((w, i) => {
    const devIndex = DEV_ROLES.firstWorker + i;
    return { ...w, devIndex, address: getAddress(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: devIndex }).address) };
  });
}

/**
 * A worker process's role: its capability profile and its simulated truth (used when no
 * ANTHROPIC_API_KEY is set).
 *
 * @example workerRole("ada", 1).role.profile?.skills // ["summarise", "translate", "research"]
 */
export function workerRole(name: string, seed: number): { role: RoleFile; devIndex: number } {
  const all = knownProfiles(seed);
  const w = all.find((p) => p.profile.agentId === name);
  if (!w) {
    throw new ProfileError(`unknown worker profile ${JSON.stringify(name)}`, {
      code: "PROFILE_UNKNOWN",
      details: { known: all.map((p) => p.profile.agentId) },
    });
  }
  return { role: { profile: w.profile, llm: { simulated: { workerId: w.profile.agentId, seed, ...w.truth } } }, devIndex: w.devIndex };
}
