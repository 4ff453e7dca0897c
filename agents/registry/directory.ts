import { getAddress, type Address } from "viem";
import { normaliseSkill } from "../market/registry.js";

/**
 * A registered agent whose card checked against its registered wallet, as discovery returns it.
 *
 * @example
 * const [first]: DirectoryEntry[] = await discoverWorkers(indexerUrl, ["summarise"]);
 * console.log(first?.wallet, first?.skills);
 */
export interface DirectoryEntry {
  /** ERC-8004 agent id (decimal): the agent's name in the market. */
  agentId: string;
  /** The wallet the registry has bound: it signs the agent's bids and is paid. */
  wallet: Address;
  name: string;
  /** The agent's A2A endpoint, from its card. */
  url: string;
  /** Normalised skill tags (lower case, trimmed). */
  skills: string[];
  costPerStep: number;
  maxSteps: number;
}

/**
 * Who is in the market: the manager's only source of whom it may ask. Implemented over the
 * indexer's registry mirror ({@link indexerDirectory}) or straight over the registry
 * (registry/chainDirectory.ts).
 */
export interface AgentDirectory {
  /** Registered agents whose checked card lists every skill in `skills`, by agent id. */
  capable(skills: readonly string[]): Promise<DirectoryEntry[]>;
}

/** What {@link indexerDirectory} reads: `IndexerClient.agents` (GET /agents?skills=...). */
export interface AgentListSource {
  agents(skills: readonly string[]): Promise<{
    agents: { agentId: string; wallet: string; status: string; name: string | null; url: string | null; skills: string[]; costPerStep: number | null; maxSteps: number | null }[];
  }>;
}

/**
 * The directory the indexer serves: only agents whose card the indexer checked are returned.
 *
 * @example const directory = indexerDirectory(new IndexerClient(env.INDEXER_URL));
 */
export function indexerDirectory(source: AgentListSource): AgentDirectory {
  return {
    async capable(skills) {
      const { agents } = await source.agents(skills.map(normaliseSkill));
      return agents.flatMap((a) =>
        a.status === "checked" && a.url && a.costPerStep !== null && a.maxSteps !== null
          ? [{ agentId: a.agentId, wallet: getAddress(a.wallet), name: a.name ?? a.agentId, url: a.url, skills: a.skills, costPerStep: a.costPerStep, maxSteps: a.maxSteps }]
          : [],
      );
    },
  };
}

/** True when `entry` lists every skill of `skills` (case- and whitespace-insensitive). */
export function hasSkills(entry: Pick<DirectoryEntry, "skills">, skills: readonly string[]): boolean {
  const own = new Set(entry.skills.map(normaliseSkill));
  return skills.every((s) => own.has(normaliseSkill(s)));
}
