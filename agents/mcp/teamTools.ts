import type { Hex } from "viem";
import { z } from "zod";
import type { HostedManager } from "../manager/HostedManager.js";
import type { McpBody } from "./startMcpBody.js";
import { TaskIdArg } from "./toolSchemas.js";
import { defineTool, type ToolDef } from "./toolTable.js";
import { ensureFunds } from "./ensureFunds.js";

/** A team list_bids proposes: its wallet, what it asks and each member's part. */
export const TeamProposal = z.strictObject({
  team: z.string().describe("the TeamAccount wallet (CREATE2: its address is known before it exists)"),
  amount: z.string().describe("what the team asks: the least that pays every member at least its own bid's price under its share"),
  success: z.number().describe("the team's calibrated success: every member's part must succeed"),
  expectedValue: z.number().describe("budget × success − amount"),
  bestSingleValue: z.number().nullable().describe("the best bid covering every skill, valued the same way; null when there is none"),
  members: z.array(z.strictObject({ worker: z.string(), agentId: z.string(), shareBps: z.number().int(), price: z.string() })).describe("ascending by address; the first leads (does the work, submits for the team) and takes the rounding dust"),
});

/** The team an open task's bids make, for list_bids: the proposal, or null with the reason. */
export async function teamRow(c: HostedManager, taskId: Hex): Promise<{ team: z.input<typeof TeamProposal> | null; teamReason: string | null }> {
  const p = await c.teamProposal(taskId);
  if (!p.ok) return { team: null, teamReason: p.reason };
  const { plan } = p;
  return {
    team: {
      team: p.team,
      amount: plan.amount.toString(),
      success: plan.success,
      expectedValue: plan.value,
      bestSingleValue: plan.bestSingle ?? null,
      members: plan.chosen.map((b, i) => ({ worker: plan.members[i]!, agentId: b.agentId, shareBps: plan.sharesBps[i]!, price: b.terms.amount.toString() })),
    },
    teamReason: null,
  };
}

/** award_team: binds and funds the team list_bids proposes. */
export function teamTools(body: McpBody): ToolDef[] {
  const c: HostedManager = body.client!;
  return [
    defineTool({
      name: "award_team",
      title: "Award the task to the proposed team",
      description:
        "For a task needing skills no single bidder holds (or when list_bids' proposed team is worth more than the best single bid): asks every member to sign the team's one bid, creates the team's wallet (TeamAccount, shares fixed) and funds the escrow with it. The team's lead delivers; release pays the wallet and the lead distributes each member's share. A member that refuses costs no gas and leaves the task open.",
      input: z.strictObject({ taskId: TaskIdArg }),
      output: z.strictObject({ taskId: z.string(), team: z.string(), amount: z.string(), members: TeamProposal.shape.members, fundTx: z.string().nullable() }),
      run: async ({ taskId }, ctx) => {
        const r = await c.awardTeam(taskId, async (amount) => {
          await ensureFunds(body, amount, (m) => ctx.progress(0, 2, m));
          await ctx.progress(1, 2, "asking every member to sign, then funding the escrow");
        });
        await ctx.progress(2, 2, "funded");
        const members = r.record.members.map((m) => ({ worker: m.address, agentId: m.agentId, shareBps: m.shareBps, price: m.price }));
        return { taskId, team: r.team, amount: r.amount.toString(), members, fundTx: r.fundTx ?? null };
      },
    }),
  ];
}
