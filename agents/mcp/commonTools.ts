import { erc20Abi, type Address } from "viem";
import { z } from "zod";
import { statusName } from "../protocol/taskLifecycle.js";
import { isoTime } from "../runtime/refusal.js";
import type { McpBody } from "./startMcpBody.js";
import { AddressArg } from "./toolSchemas.js";
import { defineTool, type ToolDef } from "./toolTable.js";

const ProvenSummary = z.strictObject({
  address: z.string(),
  provenReviews: z.number().int(),
  meanProvenRating: z.number().nullable(),
  rejectedClaims: z.record(z.string(), z.number()),
  reviews: z.array(z.strictObject({ taskId: z.string(), reviewer: z.string(), rating: z.number(), epoch: z.string(), time: z.string() })),
  indexerScore: z.number().nullable(),
  indexerUnavailable: z.string().nullable(),
});

/**
 * An address's reputation as far as the chain proves it: every review the indexer claims is
 * checked against the root ReputationAnchor holds for its epoch and the escrow's events; the indexer's own score is
 * shown beside it, never instead of it.
 */
export async function provenReputation(body: McpBody, address: Address): Promise<z.infer<typeof ProvenSummary>> {
  let unavailable: string | null = null;
  const h = await body.history(address).catch((err: unknown) => ((unavailable = (err as Error).message.split("\n")[0]!), { checked: [], rejected: {} }));
  const score = await body.indexer.reputation(address).then((r) => r.score, () => null);
  // Only leaves that are proven and chain-checked (their task facts are the escrow's events' own).
  const ratings = h.checked.map((r) => r.rating);
  return {
    address,
    provenReviews: h.checked.length,
    meanProvenRating: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
    rejectedClaims: h.rejected,
    reviews: h.checked.map((r) => ({ taskId: r.taskId, reviewer: r.reviewer, rating: r.rating, epoch: r.epoch.toString(), time: isoTime(r.timestamp) })),
    indexerScore: score,
    indexerUnavailable: unavailable,
  };
}

export function commonTools(body: McpBody): ToolDef[] {
  return [
    defineTool({
      name: "market_status",
      title: "Market status",
      description: "Who this agent is (address, ERC-8004 agent id, role), the chain and its time, the escrow and payment token, this agent's token balance, and its tasks by status.",
      readOnly: true,
      input: z.strictObject({}),
      output: z.strictObject({
        role: z.enum(["worker", "client"]),
        address: z.string(),
        agentId: z.string().nullable(),
        chainId: z.number().int(),
        chainTime: z.string(),
        escrow: z.string(),
        token: z.string(),
        tokenBalance: z.string(),
        a2a: z.string().describe("where this agent serves A2A (its registered card names it)"),
        tasksByStatus: z.record(z.string(), z.number().int()),
        waiting: z.number().int().describe("worker: announcements not yet answered; client: tasks open for bids"),
      }),
      run: async () => {
        const { deployment: d, publicClient, escrow } = body;
        const token = d.token.address;
        const balance = await publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [body.address] });
        const refs = await escrow.tasksWhere({ role: body.role === "worker" ? "worker" : "client", account: body.address });
        const byStatus: Record<string, number> = {};
        for (const ref of refs) {
          const s = statusName((await escrow.getTask(ref)).status);
          byStatus[s] = (byStatus[s] ?? 0) + 1;
        }
        const waiting = body.worker ? body.worker.announcements().length : (body.client?.list().filter(([, r]) => r.phase === "bidding").length ?? 0);
        return {
          role: body.role,
          address: body.address,
          agentId: body.agentId?.toString() ?? null,
          chainId: body.chainId,
          chainTime: isoTime(await escrow.now()),
          escrow: escrow.address,
          token,
          tokenBalance: balance.toString(),
          a2a: body.a2aUrl,
          tasksByStatus: byStatus,
          waiting,
        };
      },
    }),
    defineTool({
      name: "reputation",
      title: "Proven reputation",
      description: "An address's review history, proven: each review the indexer serves is checked against the Merkle root anchored on chain for its epoch and its task facts against the escrow's events; claims that do not check out are counted, not used.",
      readOnly: true,
      input: z.strictObject({ address: AddressArg.describe("the agent's address") }),
      output: ProvenSummary,
      run: ({ address }) => provenReputation(body, address),
    }),
  ];
}
