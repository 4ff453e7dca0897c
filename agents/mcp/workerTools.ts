import { z } from "zod";
import { AcceptanceCriteria } from "../protocol/criteria.js";
import { isoTime } from "../runtime/refusal.js";
import { nextStepInWords } from "../worker/decide.js";
import type { HostedWorker } from "../worker/HostedWorker.js";
import { teamNextStep } from "../worker/hostedTasks.js";
import type { Hex } from "viem";
import { provenReputation } from "./commonTools.js";
import type { McpBody } from "./startMcpBody.js";
import { AmountArg, RatingArg, TaskIdArg, TaskView, taskView, TxOut, txOut } from "./toolSchemas.js";
import { defineTool, type ToolDef } from "./toolTable.js";

const Announcement = z.strictObject({
  taskId: z.string(),
  title: z.string(),
  description: z.string(),
  requiredSkills: z.array(z.string()),
  criteria: AcceptanceCriteria.nullable().describe("what the output must meet (machine checks and rubric), signed into your bid's spec hash; null: none"),
  budget: z.string(),
  token: z.string(),
  deadline: z.string(),
  reviewPeriodSeconds: z.number().int(),
  arbiter: z.string(),
  manager: z.string(),
  bidWindowEndsAt: z.string(),
  managerReputation: z.strictObject({ provenReviews: z.number().int(), meanProvenRating: z.number().nullable(), indexerScore: z.number().nullable() }),
});

/** The worker's tools: list_announcements, place_bid, my_tasks, deliver, decline, claim, review. */
export function workerTools(body: McpBody): ToolDef[] {
  const w: HostedWorker = body.worker!;
  // A team's call goes through its wallet's execute (TeamFactoryPort answers with the hash): its gas is read from the receipt.
  const receipt = async (tx: { hash: Hex; gasUsed?: bigint }) => ({ hash: tx.hash, gasUsed: tx.gasUsed ?? (await body.publicClient.getTransactionReceipt({ hash: tx.hash })).gasUsed });
  return [
    defineTool({
      name: "list_announcements",
      title: "Tasks offered to you",
      description: "Announcements addressed to this worker that it can do and has not answered: spec, acceptance criteria, budget, deadline, and the manager's reputation proven against the anchored roots.",
      readOnly: true,
      input: z.strictObject({}),
      output: z.strictObject({ announcements: z.array(Announcement) }),
      run: async () => {
        const announcements = [];
        for (const m of w.announcements()) {
          const rep = await provenReputation(body, m.manager);
          announcements.push({
            taskId: m.spec.taskId,
            title: m.spec.title,
            description: m.spec.description,
            requiredSkills: m.spec.requiredSkills,
            criteria: m.spec.criteria ?? null,
            budget: m.spec.budget,
            token: m.spec.token,
            deadline: isoTime(m.spec.deadline),
            reviewPeriodSeconds: m.spec.reviewPeriod,
            arbiter: m.spec.arbiter,
            manager: m.manager,
            bidWindowEndsAt: new Date(m.bidWindowEndsAt).toISOString(),
            managerReputation: { provenReviews: rep.provenReviews, meanProvenRating: rep.meanProvenRating, indexerScore: rep.indexerScore },
          });
        }
        return { announcements };
      },
    }),
    defineTool({
      name: "place_bid",
      title: "Bid on a task",
      description: "Signs an EIP-712 bid (binding: the manager can fund the escrow with it until it expires) and sends it to the announcing manager only.",
      input: z.strictObject({
        taskId: TaskIdArg,
        price: AmountArg.describe("your price in token base units; at most the budget"),
        successProbability: z.number().min(0).max(1).describe("your honest chance of delivering work that passes (managers calibrate it against your record)"),
        estimatedSteps: z.number().int().positive().max(100_000),
        rationale: z.string().min(1).max(2_000),
      }),
      output: z.strictObject({ taskId: z.string(), manager: z.string(), amount: z.string(), expiry: z.string(), nonce: z.string() }),
      run: async (a) => {
        const { terms, manager } = await w.placeBid(a.taskId, { ...a, price: BigInt(a.price) });
        return { taskId: terms.taskId, manager, amount: terms.amount.toString(), expiry: isoTime(terms.expiry), nonce: terms.nonce.toString() };
      },
    }),
    defineTool({
      name: "my_tasks",
      title: "Your awarded tasks",
      description:
        "Every escrow funded for this worker, or for a team whose bid it signed, with its on-chain status, deadlines and what is due next (a team's lead delivers and claims for the team; other members sign its submit call on their own); plus bids still waiting for an award.",
      readOnly: true,
      input: z.strictObject({}),
      output: z.strictObject({
        tasks: z.array(
          TaskView.extend({
            title: z.string().nullable(),
            delivered: z.boolean(),
            next: z.string(),
            team: z.strictObject({ wallet: z.string(), lead: z.boolean(), members: z.array(z.string()), sharesBps: z.array(z.number().int()) }).nullable().describe("the team wallet the escrow names, when the task is a team's; null for your own"),
          }),
        ),
        pendingBids: z.array(z.strictObject({ taskId: z.string(), amount: z.string(), rejected: z.string().nullable() })),
      }),
      run: async () => {
        const now = await body.escrow.now();
        const tasks = [];
        const funded = new Set<string>();
        for (const t of await w.tasks()) {
          const { chain, record, team } = t;
          funded.add(chain.taskId);
          const delivered = record?.output !== undefined && (!team || chain.status !== "Funded");
          const next = team ? teamNextStep({ ...t, team }, now) : nextStepInWords(chain, delivered, now);
          tasks.push({ ...taskView(chain), title: record?.spec?.title ?? null, delivered, next, team: team ? { wallet: team.address, lead: team.lead, members: team.members, sharesBps: team.sharesBps } : null });
        }
        const pendingBids = [];
        for (const b of w.bidsPlaced()) if (!funded.has(b.taskId)) pendingBids.push({ ...b, rejected: w.rejection(b.taskId) ?? null });
        return { tasks, pendingBids };
      },
    }),
    defineTool({
      name: "deliver",
      title: "Deliver the result",
      description:
        "Submits the result's hash on chain (starting the client's review period), then signs the result and sends it to the client. Only while the task is Funded for you and before its deadline. On a team's task its lead delivers: every member signs the team wallet's submit call first (refused TEAM_NOT_SIGNED, nothing sent, when one does not; deliver again to retry).",
      input: z.strictObject({ taskId: TaskIdArg, output: z.string().min(1).max(100_000).describe("the deliverable itself") }),
      output: z.strictObject({ taskId: z.string(), resultHash: z.string(), reviewDeadline: z.string(), ...TxOut.shape }),
      run: async ({ taskId, output }, ctx) => {
        await ctx.progress(0, 2, "submitting the result hash on chain");
        const r = await w.deliver(taskId, output);
        await ctx.progress(2, 2, "submitted and sent to the client");
        return { taskId, resultHash: r.resultHash, reviewDeadline: isoTime(r.reviewDeadline), ...txOut(await receipt(r.tx)) };
      },
    }),
    defineTool({
      name: "decline",
      title: "Decline a task",
      description: "Declines an awarded task before submitting (the escrow refunds the client at once), or drops an announcement you will not bid on (no transaction).",
      input: z.strictObject({ taskId: TaskIdArg, reason: z.string().min(1).max(500) }),
      output: z.strictObject({ taskId: z.string(), onChain: z.boolean(), txHash: z.string().nullable() }),
      run: async ({ taskId, reason }) => {
        const { onChain } = await w.decline(taskId, reason);
        return { taskId, onChain: onChain !== null, txHash: onChain?.hash ?? null };
      },
    }),
    defineTool({
      name: "claim",
      title: "Claim a settlement that is due",
      description:
        "Auto-release after the client let the review period pass, the fallback split after the arbiter's ruling window, or a timeout refund to the client; refused (NOTHING_DUE, with the time it falls due) otherwise. As a team's lead: the same claims for the team, then the distribution of the wallet's payout to every member by its share.",
      input: z.strictObject({ taskId: TaskIdArg }),
      output: z.strictObject({ taskId: z.string(), settled: z.string(), ...TxOut.shape }),
      run: async ({ taskId }) => {
        const r = await w.claim(taskId);
        return { taskId, settled: r.kind, ...txOut(await receipt(r.tx)) };
      },
    }),
    defineTool({
      name: "review",
      title: "Review the client",
      description: "Signs an EIP-712 review of the client of a settled task and posts it to the reputation indexer (one per task).",
      input: z.strictObject({ taskId: TaskIdArg, rating: RatingArg, comment: z.string().max(2_000).default("") }),
      output: z.strictObject({ taskId: z.string(), subject: z.string(), rating: z.number().int(), commentHash: z.string() }),
      run: async ({ taskId, rating, comment }) => {
        const { review, subject } = await w.review(taskId, rating, comment);
        return { taskId, subject, rating, commentHash: review.fields.commentHash };
      },
    }),
  ];
}
