import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import type { Address, PublicClient, WalletClient } from "viem";
import type { LlmClient } from "../llm/types.js";
import { simulatedJuror } from "../llm/simulatedJuror.js";
import type { SimulatedWorker } from "../llm/simulatedWorkers.js";
import type { LocalMarket } from "../wiring/createLocalMarket.js";
import type { FaultBoard } from "./faultyAgents.js";
import { JURY_PANEL, JURY_WINDOW, runJuryTask, type JuryDemoResult } from "./juryDemo.js";
import { specFor } from "./runTask.js";
import { runTeamTask, type TeamDemoResult } from "./teamDemo.js";

/** Each offline juror's hidden accuracy and bias (the stand-in judge); with a key every juror asks Claude. */
const JUROR_TRUTHS = [
  { accuracy: 0.85, bias: 0.03 },
  { accuracy: 0.6, bias: 0.2 },
  { accuracy: 0.9, bias: -0.05 },
  { accuracy: 0.5, bias: 0.3 },
  { accuracy: 0.8, bias: 0.08 },
];

/** Deploys the demo's JuryArbiter (panel 5, quorum 3, 600 s windows) over the escrow and registry; teams use the deployment's TeamAccountFactory. */
export async function deployJuryAndTeams(viem: HardhatViemHelpers, c: { escrow: Address; registry: Address; teamFactory: Address }): Promise<{ jury: Address; teamFactory: Address }> {
  const jury = await viem.deployContract("JuryArbiter", [c.escrow, c.registry, JURY_PANEL, 3, JURY_WINDOW, JURY_WINDOW]);
  return { jury: jury.address, teamFactory: c.teamFactory };
}

export interface JuryTeamSummary {
  jury: JuryDemoResult;
  team: TeamDemoResult | undefined;
}

/**
 * The demo's jury ruling and team task, after the planned tasks (they are not in the planned
 * tasks' table or metrics): prints what happened and returns it for `--json`.
 */
export async function runJuryAndTeam(
  m: LocalMarket,
  c: {
    viem: HardhatViemHelpers;
    increaseTime(s: number): Promise<unknown>;
    contracts: { jury: Address; teamFactory: Address; registry: Address };
    seed: number;
    workers: readonly SimulatedWorker[];
    /** The model of the worker at this index (what it executes a team's deliverable with). */
  },
  board: FaultBoard,
  judge: (jurorId: string) => Pick<LlmClient, "judge">,
  online: boolean,
  progress: (line: string) => void,
): Promise<JuryTeamSummary> {
  const publicClient = (await c.viem.getPublicClient()) as unknown as PublicClient;
  const [funder] = (await c.viem.getWalletClients()) as unknown as WalletClient[];
  const skill = c.workers[0]!.profile.skills[0]!;
  const spec = { ...(await specFor(m, { label: "jury-1", requiredSkills: [skill], preferredSkills: [], fault: "badWork" })), arbiter: c.contracts.jury };
  const jurorJudge = (i: number) => (online ? judge(`juror-${i + 1}`) : simulatedJuror(judge("court"), { jurorId: `juror-${i + 1}`, seed: c.seed, ...JUROR_TRUTHS[i]! }));
  const jury = await runJuryTask(m, { publicClient, funder: funder!, increaseTime: c.increaseTime, jury: c.contracts.jury, registry: c.contracts.registry, seed: c.seed }, spec, board, jurorJudge);
  progress(`jury: ${skill} task disputed (unusable work); panel of ${jury.jurorIds.length} juror agents #${jury.jurorIds.join(", #")} committed, then revealed ${jury.votes.join(", ")} bps; median ${jury.ruling} → ${jury.status}`);
  progress(`jury: each juror's distance from the median (indexer, GET /agents/:address/juror): ${jury.distances.join(", ")} bps`);
  const team = await runTeamTask(m, { publicClient, funder: funder!, workers: c.workers });
  if (!team) progress("team: no team task (no skill combination needs a team, or the manager's formTeams found no team worth its cost)");
  else {
    progress(`team: no single worker has ${team.skills.join("+")}; the manager's award loop formed ${team.members.map((x) => `${x.agentId} ${x.shareBps / 100}%`).join(", ")} from their bids (Shapley shares); each member signed the team bid for TeamAccount ${team.team.slice(0, 10)}… over the network, claiming ${team.claimBps} bps (its members' claims allow at most ${team.claimBoundBps})`);
    progress(`team: funded ${team.amount} (each member's share covers its price), submitted through execute with every member's signature asked over the network, ${team.status}; the lead's distribute paid ${team.members.map((x) => `${x.agentId} ${x.paid}`).join(", ")} of ${team.payout}; the manager's review of the team counts for each member by its share`);
  }
  return { jury, team };
}
