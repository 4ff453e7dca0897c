import type { Address, Hex, PublicClient, WalletClient } from "viem";
import { network } from "hardhat";
import { simulatedJuror } from "../../agents/llm/simulatedJuror.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { startJurors } from "../../agents/wiring/startJurors.js";
import type { TaskSpec } from "../../agents/protocol/task.js";
import type { LocalMarket } from "../../agents/wiring/createLocalMarket.js";
import { judgeLlm, sendAs, startMarket } from "../agents/fixtures/localMarket.js";

export const COMMIT = 600;
export const REVEAL = 600;
/** Six jurors of different hidden accuracy and bias; five sit on the panel. */
export const TRUTHS = [
  { accuracy: 0.9, bias: 0 },
  { accuracy: 0.7, bias: 0.1 },
  { accuracy: 0.6, bias: -0.1 },
  { accuracy: 0.8, bias: 0.05 },
  { accuracy: 0.5, bias: 0.2 },
  { accuracy: 0.95, bias: -0.02 },
];

/** A market whose tasks may name a JuryArbiter (panel 5, quorum 3) over `count` juror agents; `late` of them start only when asked. */
export async function juryMarket(count = TRUTHS.length, late = 0) {
  const conn = await network.create();
  const { m } = await startMarket(conn);
  const publicClient = (await conn.viem.getPublicClient()) as unknown as PublicClient;
  const wallets = ((await conn.viem.getWalletClients()) as unknown as WalletClient[]).slice(10, 10 + count);
  // The market's registry: jurors' envelopes are checked against it like every agent's.
  const registry = await conn.viem.getContractAt("IdentityRegistry", m.network.registry);
  const jury = await conn.viem.deployContract("JuryArbiter", [m.escrowAddress, registry.address, 5, 3, COMMIT, REVEAL]);
  // Each juror's own log, by its address (what it committed on, and why).
  const logs = new Map<Address, RecordingLogger>();
  const judges = TRUTHS.map((t, i) => simulatedJuror(judgeLlm, { jurorId: `juror-${i + 1}`, seed: 3, ...t }));
  const start = async (from: number, to: number) => {
    const made: RecordingLogger[] = [];
    const started = await startJurors({
      publicClient,
      wallets: wallets.slice(from, to),
      contracts: { jury: jury.address, escrow: m.escrowAddress, registry: registry.address },
      transport: m.transport,
      judge: (i) => judges[from + i]!,
      log: () => made[made.push(new RecordingLogger()) - 1],
    });
    started.forEach((j, i) => logs.set(j.address, made[i]!));
    return started;
  };
  const jurors = await start(late, count);
  const startLate = async () => jurors.unshift(...(await start(0, late)));
  const tickJurors = async () => {
    for (const j of jurors) await j.tick();
  };
  return { ...conn, m, jury, registry, jurors, judges, logs, tickJurors, startLate, close: async () => {
    for (const j of jurors) await j.stop();
    await m.close();
  } };
}

/**
 * The client's dispute evidence (spec and the worker's signed result), sent point to point to
 * each seated juror only, as a party does once the panel is drawn.
 */
export async function sendEvidence(m: LocalMarket, spec: TaskSpec, seated: readonly Address[]): Promise<void> {
  const r = m.manager.task(spec.taskId as Hex)!;
  const result = { worker: r.winner!.worker, output: r.result!.output, resultHash: r.result!.hash, signature: r.resultSignature! };
  for (const juror of seated) await sendAs(m, "manager", juror, { type: "evidence", taskId: spec.taskId, client: m.accounts.manager, spec, result, reason: "judge rejected" });
  await m.settle();
}

export const statusAbi = [
  { type: "function", name: "taskState", stateMutability: "view", inputs: [{ type: "address" }, { type: "bytes32" }], outputs: [{ type: "uint8" }, { type: "uint40" }, { type: "uint256" }] },
] as const;
