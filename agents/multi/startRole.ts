import { z } from "zod";
import { parseFlags } from "../cli/flags.js";
import { readDeployment } from "../deploy/deployment.js";
import type { RoleFile } from "../wiring/agentConfig.js";
import { startAgent, type RunningAgent } from "../wiring/startAgent.js";
import { walletSigner } from "../runtime/walletSigner.js";
import { ensureRegistered } from "../registry/ensureRegistered.js";
import { DEV_ROLES } from "../deploy/devAccounts.js";
import { agentClients } from "./clients.js";
import { ProcessSettings, ProfileError, workerRole } from "./roles.js";

export const WorkerFlags = z.strictObject({ profile: z.string().min(1), seed: z.coerce.number().int().nonnegative().optional() });
export const ArbiterFlags = z.strictObject({ silent: z.boolean().default(false) });

/**
 * Starts one agent of the multi-process mode against the chain in RPC_URL, with the addresses
 * `npm run deploy` recorded. Keys: PRIVATE_KEY, or on a development chain the role's
 * development account.
 */
export async function startRole(
  kind: "manager" | "worker" | "arbiter",
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<{ running: RunningAgent; chainId: number; settings: ProcessSettings; clients: Awaited<ReturnType<typeof agentClients>>; agentId: bigint | null }> {
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
      role = { llm: { simulated: { workerId: "judge", seed: settings.SEED } } };
      devIndex = DEV_ROLES.manager;
      break;
    default: {
      const never: never = kind;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
  const clients = await agentClients(env, devIndex);
  const deployment = await readDeployment(clients.chainId);
  // Before the agent sends transactions of its own it holds an ERC-8004 identity, kept across
  // restarts: the manager finds workers only in the registry, and a worker bids under its agent
  // id. A worker that cannot register cannot be asked, so that failure stops it; for the manager
  // and the arbiter it is logged.
  let agentId: bigint | null = null;
  if (deployment.registry) {
    const profile = role.profile;
    agentId = await ensureRegistered(
      { publicClient: clients.publicClient, walletClient: clients.walletClient, address: deployment.registry.address as `0x${string}` },
      walletSigner(clients.walletClient),
      {
        name: profile?.agentId ?? kind,
        description: `agent-market ${kind}`,
        url: settings.BOARD_URL,
        skills: profile?.skills ?? [kind === "manager" ? "hire" : "arbitrate"],
        costPerStep: profile?.costPerStep ?? 0,
        maxSteps: profile?.maxSteps ?? 1,
      },
      BigInt(deployment.registry.block),
    ).then(
      (r) => r.agentId,
      (err: unknown) => {
        if (kind === "worker") throw err;
        console.error(`identity registration failed: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      },
    );
  }
  if (kind === "worker") {
    if (agentId === null) throw new ProfileError("a worker needs an identity registry in the deployment record to be found", { code: "REGISTRY_MISSING" });
    role = { ...role, profile: { ...role.profile!, agentId: agentId.toString() } };
  }
  const running = await startAgent(
    { ROLE: kind, BOARD_URL: settings.BOARD_URL, BOARD_PORT: settings.BOARD_PORT, BOARD_HOST: settings.BOARD_HOST, INDEXER_URL: settings.INDEXER_URL, POLL_MS: settings.POLL_MS, START_BLOCK: BigInt(deployment.escrow.block) },
    role,
    {
      publicClient: clients.publicClient,
      walletClient: clients.walletClient,
      escrow: deployment.escrow.address as `0x${string}`,
      anchor: deployment.anchor.address as `0x${string}`,
      ...(deployment.registry ? { registry: { address: deployment.registry.address as `0x${string}`, block: BigInt(deployment.registry.block) } } : {}),
    } as Parameters<typeof startAgent>[2],
  );
  return { running, chainId: clients.chainId, settings, clients, agentId };
}
