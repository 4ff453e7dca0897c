import { createWalletClient, custom, keccak256, parseEther, stringToHex, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { juryArbiterAbi } from "../chain/juryArbiterAbi.js";
import { juryCaseId } from "../chain/juryCommitment.js";
import type { LlmClient } from "../llm/types.js";
import type { TaskSpec } from "../protocol/task.js";
import { startJurors } from "../wiring/startJurors.js";
import type { LocalMarket } from "../wiring/createLocalMarket.js";
import type { FaultBoard } from "./faultyAgents.js";

/** Commit and reveal windows of the demo's JuryArbiter (chain seconds; the escrow's ruling window is 3 days). */
export const JURY_WINDOW = 600;
export const JURY_PANEL = 5;

export interface JuryDemoResult {
  taskId: Hex;
  caseId: Hex;
  /** The jurors' agent ids in the identity registry, and their revealed votes (reveal order). */
  jurorIds: string[];
  /** The seated jurors' wallets: the only agents the client's evidence went to. */
  panel: Address[];
  votes: number[];
  ruling: number;
  status: string;
  /** Each seated juror's distance from the median, as the indexer recorded it. */
  distances: number[];
}

/** Fresh funded wallets for the jurors: the 20 development accounts already have roles. */
async function jurorWallets(publicClient: PublicClient, funder: WalletClient, seed: number): Promise<WalletClient[]> {
  const out: WalletClient[] = [];
  for (let i = 0; i < JURY_PANEL; i++) {
    const account = privateKeyToAccount(keccak256(stringToHex(`agent-market demo juror ${seed}/${i}`)));
    const hash = await funder.sendTransaction({ account: funder.account!, chain: funder.chain, to: account.address, value: parseEther("10") });
    await publicClient.waitForTransactionReceipt({ hash });
    out.push(createWalletClient({ account, chain: publicClient.chain, transport: custom({ request: (args) => publicClient.request(args as never) }) }));
  }
  return out;
}

/**
 * One disputed task ruled by a panel of five juror agents: five jurors register (card skill
 * `arbitrate`) and join JuryArbiter's pool; the task names the jury as its arbiter and its winner
 * delivers unusable work, so the manager disputes; the jurors open the case, draw the panel, judge
 * the evidence each with its own judge, commit, reveal after the commit window, and execute the median.
 */
export async function runJuryTask(
  m: LocalMarket,
  c: { publicClient: PublicClient; funder: WalletClient; increaseTime(s: number): Promise<unknown>; jury: Address; registry: Address; seed: number },
  spec: TaskSpec,
  board: FaultBoard,
  judge: (i: number) => Pick<LlmClient, "judge">,
): Promise<JuryDemoResult> {
  const wallets = await jurorWallets(c.publicClient, c.funder, c.seed);
  const jurors = await startJurors({ publicClient: c.publicClient, wallets, contracts: { jury: c.jury, escrow: m.escrowAddress, registry: c.registry }, transport: m.transport, judge, log: () => ({ info: () => {}, warn: () => {} }) });
  try {
    board.set(spec.taskId, "badWork");
    await m.manager.announce(spec);
    await m.settle();
    const tick = async () => {
      for (const j of jurors) await j.tick();
    };
    await tick(); // open the case
    await c.increaseTime(1); // mines the draw block
    await tick(); // draw: the panel is seated
    // The client's evidence goes to the seated jurors only (drawn after the dispute), then each judges and commits.
    const caseId = juryCaseId(m.accounts.manager, spec.taskId);
    const [, seated] = (await c.publicClient.readContract({ address: c.jury, abi: juryArbiterAbi, functionName: "panelOf", args: [caseId] } as never)) as readonly [readonly bigint[], readonly Address[]];
    await m.manager.sendEvidence(spec.taskId, seated);
    await m.settle();
    await tick();
    await c.increaseTime(JURY_WINDOW + 1);
    await tick(); // reveal; the last reveal lets anyone execute
    await m.tickAll();
    const read = <T>(functionName: string) => c.publicClient.readContract({ address: c.jury, abi: juryArbiterAbi, functionName, args: [caseId] } as never) as Promise<T>;
    const [ids] = await read<readonly [readonly bigint[], readonly Address[]]>("panelOf");
    const votes = await read<readonly number[]>("votesOf");
    const record = await read<{ status: number; ruling: number }>("caseOf");
    await m.indexer!.syncJury();
    const distances = await Promise.all(jurors.map(async (j) => (await m.indexer!.jurorRecord(j.address)).distances[0]?.distanceBps ?? -1));
    return {
      taskId: spec.taskId,
      caseId,
      jurorIds: ids.map(String),
      panel: [...seated],
      votes: [...votes],
      ruling: record.ruling,
      status: ["None", "Opened", "Drawn", "Ruled", "Lapsed"][record.status]!,
      distances,
    };
  } finally {
    for (const j of jurors) await j.stop();
  }
}
