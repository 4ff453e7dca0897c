import { z } from "zod";
import { parseFlags } from "../cli/flags.js";
import { readDeployment } from "../deploy/deployment.js";
import type { RoleFile } from "../wiring/agentConfig.js";
import { startAgent, type RunningAgent } from "../wiring/startAgent.js";
import { DEV_ROLES } from "../deploy/devAccounts.js";
import { agentClients } from "./clients.js";
import { ProcessSettings, ProfileError, workerRole } from "./roles.js";

export const WorkerFlags = z.strictObject({ profile: z.string().min(1), seed: z.coerce.number().int().nonnegative().optional() });
export const ArbiterFlags = z.strictObject({ silent: z.boolean().default(false) });

/**
 * Starts one agent of the multi-process mode against the chain in RPC_URL, with the addresses
 * `npm run deploy` recorded. Keys: PRIVATE_KEY, or on a development chain the role's
 * development account. `overrides` change the role's settings (e.g. the manager's bid window).
 */
export async function startRole(
  kind: "manager" | "worker" | "arbiter",
  argv: readonly string[],
  env: Record<string, string | undefined>,
  overrides: Pick<RoleFile, "bidWindowMs"> = {},
): Promise<{ running: RunningAgent; chainId: number; settings: ProcessSettings; clients: Awaited<ReturnType<typeof agentClients>>; agentId: bigint }> {
  const settings = ProcessSettings.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v)));
  let role: RoleFile;
  let devIndex: number;
  switch (kind) {
    case "worker": {
      const flags = parseFlags(argv, WorkerFlags);
      ({ role, devIndex } = workerRole(flags.profile, flags.seed ?? settings.SEED));
      break;
    }
    case "arbiter":
      role = { silent: parseFlags(argv, ArbiterFlags, ["silent"]).silent, llm: { simulated: { workerId: "arbiter", seed: settings.SEED } } };
      devIndex = DEV_ROLES.arbiter;
      break;
    case "manager":
      role = { llm: { simulated: { workerId: "judge", seed: settings.SEED } }, ...overrides };
      devIndex = DEV_ROLES.manager;
      break;
    default: {
      const never: never = kind;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
  const clients = await agentClients(env, devIndex);
  const deployment = await readDeployment(clients.chainId);
  // startAgent registers the agent in the ERC-8004 registry (once; a restart keeps its id and
  // re-publishes its card if its A2A endpoint moved): peers find it only there.
  if (!deployment.registry) throw new ProfileError("the deployment record has no identity registry: agents find each other only there", { code: "REGISTRY_MISSING" });
  const running = await startAgent(
    {
      ROLE: kind,
      BOARD_PORT: settings.BOARD_PORT,
      BOARD_HOST: settings.BOARD_HOST,
      INDEXER_URL: settings.INDEXER_URL,
      POLL_MS: settings.POLL_MS,
      START_BLOCK: BigInt(deployment.escrow.block),
      A2A_HOST: settings.A2A_HOST,
      A2A_PORT: settings.A2A_PORT,
      A2A_ADVERTISE: settings.A2A_ADVERTISE,
    },
    role,
    {
      publicClient: clients.publicClient,
      walletClient: clients.walletClient,
      escrow: deployment.escrow.address,
      anchor: deployment.anchor.address,
      registry: { address: deployment.registry.address, block: BigInt(deployment.registry.block) },
      ...(deployment.teamFactory ? { teamFactory: deployment.teamFactory.address } : {}),
    },
  );
  return { running, chainId: clients.chainId, settings, clients, agentId: running.agentId };
}
