import { getAddress } from "viem";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import type { EscrowTerms, TaskRef, TxResult } from "./escrowTypes.js";
import { juryArbiterAbi } from "./juryArbiterAbi.js";
import { juryCaseId } from "./juryCommitment.js";
import { JuryTxError, toJuryError } from "./juryErrors.js";

export { juryArbiterAbi, juryArbiterBytecode } from "./juryArbiterAbi.js";
export { JuryRevertError, JuryTxError } from "./juryErrors.js";

/** `IJuryArbiter.CaseStatus` by name. */
export const CASE_STATUSES = ["None", "Opened", "Drawn", "Ruled", "Lapsed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** One case as the contract records it (`caseOf`), with its id. */
export interface JuryCase {
  caseId: Hex;
  status: CaseStatus;
  drawBlock: bigint;
  /** Last second of the commit window, of the reveal window, and the escrow's ruling deadline. */
  commitEnd: bigint;
  revealEnd: bigint;
  rulingEnd: bigint;
  commits: number;
  reveals: number;
  ruling: number;
}

export interface JuryArbiterClients {
  publicClient: PublicClient;
  walletClient: WalletClient;
  address: Address;
  /** The escrow terms of a task (the binding passes them to openCase and execute); `createEscrowClient(...).getTerms` fits. */
  terms(task: TaskRef): Promise<EscrowTerms>;
  fromBlock?: bigint;
}

/**
 * A viem binding of JuryArbiter for one account: pool membership, the case steps anyone may take
 * (open, draw, execute, lapse) and the juror's own (commit, reveal). Reverts become
 * {@link JuryRevertError} with the contract's error name and values.
 *
 * @example
 * const jury = createJuryArbiter({ publicClient, walletClient: juror, address, terms: escrow.getTerms });
 * await jury.joinPool(agentId);
 * await jury.commit(caseId, juryCommitment(caseId, jury.account, 6_500, salt));
 */
export function createJuryArbiter(c: JuryArbiterClients) {
  const { publicClient, walletClient, address } = c;
  const fromBlock = c.fromBlock ?? 0n;
  const account = walletClient.account?.address;
  if (!account) throw new JuryTxError("createJuryArbiter", "the wallet client has no account");

  async function send(functionName: string, args: readonly unknown[]): Promise<TxResult> {
    let hash: Hex;
    try {
      hash = await walletClient.writeContract({ address, abi: juryArbiterAbi, functionName, args, account: walletClient.account!, chain: walletClient.chain } as unknown as Parameters<WalletClient["writeContract"]>[0]);
    } catch (err) {
      throw toJuryError(functionName, err);
    }
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new JuryTxError(functionName, "transaction reverted", undefined, hash);
    return { hash, gasUsed: receipt.gasUsed };
  }
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    publicClient.readContract({ address, abi: juryArbiterAbi, functionName, args } as never) as Promise<T>;
  /** Whether `juror` has a `eventName` log in the case (its commit or reveal is on chain). */
  async function logged(eventName: "VoteCommitted" | "VoteRevealed", caseId: Hex, juror: Address): Promise<boolean> {
    const logs = await publicClient.getContractEvents({ address, abi: juryArbiterAbi, eventName, args: { caseId, juror }, fromBlock });
    return logs.length > 0;
  }

  return {
    address: getAddress(address),
    account: getAddress(account),
    joinPool: (agentId: bigint) => send("joinPool", [agentId]),
    async inPool(agentId: bigint): Promise<boolean> {
      return (await read<readonly bigint[]>("pool")).includes(agentId);
    },
    async caseOf(task: TaskRef): Promise<JuryCase> {
      const caseId = juryCaseId(task.client, task.taskId);
      const r = await read<{ drawBlock: bigint; commitEnd: number; revealEnd: number; rulingEnd: number; status: number; commits: number; reveals: number; ruling: number }>("caseOf", [caseId]);
      return {
        caseId,
        status: CASE_STATUSES[r.status]!,
        drawBlock: r.drawBlock,
        commitEnd: BigInt(r.commitEnd),
        revealEnd: BigInt(r.revealEnd),
        rulingEnd: BigInt(r.rulingEnd),
        commits: r.commits,
        reveals: r.reveals,
        ruling: r.ruling,
      };
    },
    async panelOf(caseId: Hex): Promise<Address[]> {
      const [, jurors] = await read<readonly [readonly bigint[], readonly Address[]]>("panelOf", [caseId]);
      return jurors.map((j) => getAddress(j));
    },
    async settings(): Promise<{ panelSize: number; quorum: number }> {
      const [panelSize, quorum] = await read<readonly [number, number, number, number]>("settings");
      return { panelSize, quorum };
    },
    hasCommitted: (caseId: Hex, juror: Address) => logged("VoteCommitted", caseId, juror),
    hasRevealed: (caseId: Hex, juror: Address) => logged("VoteRevealed", caseId, juror),
    openCase: async (task: TaskRef) => send("openCase", [task.taskId, await c.terms(task)]),
    drawPanel: (caseId: Hex) => send("drawPanel", [caseId]),
    commit: (caseId: Hex, commitment: Hex) => send("commit", [caseId, commitment]),
    reveal: (caseId: Hex, workerBps: number, salt: Hex) => send("reveal", [caseId, workerBps, salt]),
    execute: async (task: TaskRef) => send("execute", [juryCaseId(task.client, task.taskId), await c.terms(task)]),
    lapse: (caseId: Hex) => send("lapse", [caseId]),
    blockNumber: () => publicClient.getBlockNumber(),
  };
}

export type JuryArbiterClient = ReturnType<typeof createJuryArbiter>;
