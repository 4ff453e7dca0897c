import { getAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { Message } from "../protocol/messages.js";
import type { EnvelopeDomain } from "../protocol/envelope.js";
import { A2ATransport, type A2AEndpoint } from "../transport/a2a/A2ATransport.js";
import type { AgentIdentity } from "../transport/Transport.js";

/** Who takes part in the A2A bench: agent id -> wallet (the registry's binding) and where each serves. */
export interface A2ABenchNet {
  domain: { chainId: number; escrow: Address; registry: Address };
  wallets: Record<string, Address>;
  urls: Record<string, string>;
}

export const BENCH_TASK: Hex = `0x${"1d".repeat(32)}`;

/** A valid `bid` message for the bench (the transport checks its schema, not its signature). */
export function benchBid(worker: Address, agentId: string): Message {
  const z = `0x${"00".repeat(20)}`;
  const terms = { taskId: BENCH_TASK, specHash: BENCH_TASK, client: z, worker, token: z, amount: "1", arbiter: z, deadline: "1", reviewPeriod: "1", expiry: "1", nonce: "1", claimedSuccessBps: 9_000 };
  return Message.parse({ type: "bid", taskId: BENCH_TASK, agentId, terms, signature: `0x${"ab".repeat(65)}`, estimate: { price: "1", estimatedSteps: 1, estimatedSeconds: 1, successProbability: 0.9, rationale: "bench" } });
}

/** A valid `announce` message for the bench. */
export function benchAnnounce(manager: Address, escrow: Address): Message {
  const spec = { taskId: BENCH_TASK, title: "bench", description: "bench", requiredSkills: ["code"], preferredSkills: [], budget: "1", token: escrow, deadline: 1, reviewPeriod: 1, arbiter: escrow };
  return { type: "announce", manager, chainId: 31337, escrow, spec, specHash: BENCH_TASK, bidWindowEndsAt: 1 } as Message;
}

/**
 * One agent of the A2A bench: its own A2A endpoint, every envelope signed and checked (the
 * "registry" is the fixed binding `net.wallets`, so no chain call is timed). A worker answers each
 * announcement with a signed bid to its sender.
 */
export async function startBenchPeer(key: Hex, agentId: string, net: () => A2ABenchNet, answerAnnouncements: boolean): Promise<{ endpoint: A2AEndpoint; close: () => Promise<void> }> {
  const account = privateKeyToAccount(key);
  const identity: AgentIdentity = { agentId, signer: { address: account.address, signTypedData: (a) => account.signTypedData(a as never), signDigest: (hash) => account.sign({ hash }) } };
  const domain: EnvelopeDomain = net().domain;
  const resolver = { walletOf: async (id: bigint) => net().wallets[id.toString()] };
  const byWallet = () => new Map(Object.entries(net().wallets).map(([id, w]) => [getAddress(w), net().urls[id]]));
  const transport = new A2ATransport({ security: { domain, resolver }, directory: { urlOf: async (w) => byWallet().get(getAddress(w)) } });
  const endpoint = await transport.connect(identity);
  if (answerAnnouncements)
    endpoint.onMessage((d) => {
      if (d.message.type === "announce") void endpoint.send(d.from.address, benchBid(account.address, agentId)).catch((e: unknown) => console.error(e));
    });
  return { endpoint, close: () => transport.close() };
}
