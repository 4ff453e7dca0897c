import type { Address, PublicClient, WalletClient } from "viem";
import { Juror } from "../arbiter/Juror.js";
import { createEscrowClient } from "../chain/escrow.js";
import { createJuryArbiter } from "../chain/juryArbiter.js";
import type { LlmClient } from "../llm/types.js";
import { ensureRegistered } from "../registry/ensureRegistered.js";
import type { Logger } from "../runtime/ports.js";
import { walletSigner } from "../runtime/walletSigner.js";
import type { Transport } from "../transport/Transport.js";

export interface StartJurorsInput {
  publicClient: PublicClient;
  /** One wallet per juror: it owns the juror's agent id and signs its votes. */
  wallets: WalletClient[];
  contracts: { jury: Address; escrow: Address; registry: Address };
  /** The network jurors receive the parties' evidence on (the registry in `contracts` must be the one it checks envelopes against). */
  transport: Transport;
  /** Juror i's own judge. */
  judge: (i: number) => Pick<LlmClient, "judge">;
  log?: (name: string) => Logger | undefined;
  pollIntervalMs?: number;
  /** Where event scans start (the escrow's and the registry's deployment blocks). */
  fromBlock?: bigint;
}

/**
 * Registers each juror in the identity registry (its card lists the `arbitrate` skill; an
 * identity it already holds is kept), then starts one {@link Juror} agent per wallet, which
 * joins JuryArbiter's pool with that agent id.
 *
 * @example
 * const jurors = await startJurors({ publicClient, wallets, contracts, transport, judge: (i) => simulatedJuror(model, { jurorId: `j${i}` }) });
 */
export async function startJurors(input: StartJurorsInput): Promise<Juror[]> {
  const { publicClient, contracts, fromBlock = 0n } = input;
  const jurors: Juror[] = [];
  for (const [i, wallet] of input.wallets.entries()) {
    const name = `juror-${i + 1}`;
    const { agentId } = await ensureRegistered(
      { walletClient: wallet, publicClient, address: contracts.registry },
      walletSigner(wallet),
      { name, description: `agent-market juror ${name}`, url: `inproc://agent-market/${name}`, skills: ["arbitrate"], costPerStep: 0, maxSteps: 1 },
      fromBlock,
    );
    const escrow = createEscrowClient({ publicClient, walletClient: wallet, address: contracts.escrow, fromBlock });
    const juror = new Juror({
      jury: createJuryArbiter({ publicClient, walletClient: wallet, address: contracts.jury, terms: escrow.getTerms, fromBlock }),
      escrow,
      agentId,
      endpoint: await input.transport.connect({ agentId: agentId.toString(), signer: walletSigner(wallet) }),
      llm: input.judge(i),
      log: input.log?.(name),
      pollIntervalMs: input.pollIntervalMs,
    });
    await juror.start();
    jurors.push(juror);
  }
  return jurors;
}
