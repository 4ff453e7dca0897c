import type { Address } from "viem";
import type { DashboardConfig } from "../../../agents/dashboard/config.js";
import { agentRows, partiesOf, type AgentRow, type AgentSource } from "../../../agents/dashboard/model/agents.js";
import { marketRows, type MarketRow } from "../../../agents/dashboard/model/marketRows.js";
import { foldTasks, moneyByToken, type TaskRow, type TokenMoney } from "../../../agents/dashboard/model/tasks.js";
import { ChainReader, type EpochRow, type TokenInfo } from "./chain.js";
import { registrySource, ReputationReader, type AgentReputation } from "./indexer.js";
import { loadAnnounced, type Announced } from "./manager.js";

/** Everything the views show, as of one refresh. */
export interface Snapshot {
  config: DashboardConfig;
  updatedAt: Date;
  head: bigint;
  headTime: number;
  tasks: TaskRow[];
  /** Every task from its announcement (if the manager listed it) or its funding, oldest first. */
  rows: MarketRow[];
  /** The manager's list of announced tasks, or why it is unknown. */
  announced: Announced;
  money: TokenMoney[];
  tokens: Map<string, TokenInfo>;
  /** The token most was paid in: the one earnings and Gini are counted in. */
  payToken: Address | undefined;
  epochs: EpochRow[];
  agents: AgentRow[];
  reputations: Map<string, AgentReputation>;
  /** Which directory named the agents. */
  agentSource: string;
}

/** Loads and refreshes the page's data: chain first (the record), then the indexer's claims, each checked. */
export class MarketData {
  readonly chain: ChainReader;
  readonly reputation: ReputationReader;
  private readonly registry: AgentSource;

  constructor(readonly config: DashboardConfig) {
    this.chain = new ChainReader(config);
    this.reputation = new ReputationReader(this.chain.client, config.anchor, config.indexerPath);
    this.registry = registrySource(this.reputation.indexer);
  }

  async refresh(): Promise<Snapshot> {
    const [announced] = await Promise.all([loadAnnounced(this.config.managerPath), this.chain.refresh()]);
    const tasks = foldTasks(this.chain.events);
    const money = moneyByToken(tasks);
    const payToken = [...money].sort((a, b) => (b.paid + b.locked > a.paid + a.locked ? 1 : -1))[0]?.token;
    const registered = await this.registry.list();
    const agents = agentRows(tasks, registered ? [partiesOf(tasks), registered] : [partiesOf(tasks)]);
    const reputations = new Map<string, AgentReputation>();
    await Promise.all(agents.map(async (a) => reputations.set(a.address.toLowerCase(), await this.reputation.of(a.address))));
    return {
      config: this.config,
      updatedAt: new Date(),
      head: this.chain.head,
      headTime: this.chain.headTime,
      tasks,
      rows: marketRows(tasks, announced.ok ? announced.tasks : []),
      announced,
      money,
      tokens: this.chain.tokens,
      payToken,
      epochs: [...this.chain.epochs],
      agents,
      reputations,
      agentSource: registered ? "identity registry + escrow parties" : "escrow parties (no registry on this indexer)",
    };
  }
}
