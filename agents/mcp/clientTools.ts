import { randomBytes } from "node:crypto";
import { bytesToHex } from "viem";
import { z } from "zod";
import type { HostedManager } from "../manager/HostedManager.js";
import { AcceptanceCriteria } from "../protocol/criteria.js";
import { CheckResult, runMachineChecks } from "../protocol/machineChecks.js";
import { isoTime } from "../runtime/refusal.js";
import type { McpBody } from "./startMcpBody.js";
import { AddressArg, AmountArg, RatingArg, TaskIdArg, TaskView, taskView, TxOut, txOut, waitWithProgress, WaitArg } from "./toolSchemas.js";
import { defineTool, type ToolDef } from "./toolTable.js";
import { bidRows, BidRow } from "./bidRows.js";
import { ensureFunds } from "./ensureFunds.js";
import { TeamProposal, teamRow, teamTools } from "./teamTools.js";

/** The client's tools: post_task, list_bids, award, award_team, get_result, release, dispute, cancel, review. */
export function clientTools(body: McpBody): ToolDef[] {
  const c: HostedManager = body.client!;
  const token = body.deployment.token.address;
  return [
    defineTool({
      name: "post_task",
      title: "Post a task",
      description: "Approves the escrow for the budget if needed (workers only bid for a client that can pay), then announces a task to the registered workers that have every required skill. Workers answer with signed bids; read them with list_bids and award one.",
      input: z.strictObject({
        title: z.string().min(1).max(200),
        description: z.string().min(1).max(20_000).describe("what to do and how the result will be judged"),
        requiredSkills: z.array(z.string().min(1).max(64)).min(1).max(32),
        budget: AmountArg.describe("the most you will pay, in token base units"),
        deadlineSeconds: z.number().int().min(60).max(30 * 86_400).describe("seconds from now (chain time) by which the worker must submit"),
        reviewPeriodSeconds: z.number().int().min(60).max(30 * 86_400).default(3_600).describe("seconds you have after submission to release or dispute"),
        arbiter: AddressArg.optional().describe("who rules a dispute (default: the deployment's arbiter)"),
        criteria: AcceptanceCriteria.optional().describe(
          "acceptance criteria, part of the spec every bid signs: machine checks (jsonSchema, requiredTerms, forbiddenTerms, minLength, maxLength, pattern) anyone can rerun on the output, and a rubric for judges",
        ),
      }),
      output: z.strictObject({ taskId: z.string(), bidWindowEndsAt: z.string(), deadline: z.string(), token: z.string() }),
      run: async (a, ctx) => {
        // Workers bid only when the announcing client can pay the budget (credit, or balance and allowance to the escrow).
        await ensureFunds(body, BigInt(a.budget), (m) => ctx.progress(0, 1, m));
        const now = await body.escrow.now();
        const bidWindowEndsAt = new Date(Date.now() + c.bidWindowMs).toISOString();
        const spec = {
          taskId: bytesToHex(randomBytes(32)),
          title: a.title,
          description: a.description,
          requiredSkills: a.requiredSkills,
          budget: a.budget,
          token,
          deadline: Number(now) + a.deadlineSeconds,
          reviewPeriod: a.reviewPeriodSeconds,
          arbiter: a.arbiter ?? body.deployment.arbiter,
          ...(a.criteria ? { criteria: a.criteria } : {}),
        };
        const taskId = await c.announce(spec);
        const r = c.task(taskId)!;
        return { taskId, bidWindowEndsAt, deadline: isoTime(r.spec.deadline), token };
      },
    }),
    defineTool({
      name: "list_bids",
      title: "Bids on your task, ranked",
      description:
        "The signed bids received for an open task, best first: price, the worker's claimed and calibrated success, its proven reputation, the exploration bonus, and the reason for each score. On a task needing several skills, also the team the bids make (Shapley shares, what it asks) when it is worth more than the best single bid: award it with award_team.",
      readOnly: true,
      input: z.strictObject({ taskId: TaskIdArg, waitSeconds: WaitArg, minBids: z.number().int().min(1).max(50).default(1) }),
      output: z.strictObject({ taskId: z.string(), bids: z.array(BidRow), team: TeamProposal.nullable(), teamReason: z.string().nullable().describe("why no team is proposed") }),
      run: async ({ taskId, waitSeconds, minBids }, ctx) => {
        const rows = await waitWithProgress(ctx, waitSeconds, `${minBids} bid(s)`, async () => {
          const b = await c.bids(taskId);
          return b.length >= minBids ? b : undefined;
        });
        return { taskId, bids: bidRows(rows ?? (await c.bids(taskId))), ...(await teamRow(c, taskId)) };
      },
    }),
    defineTool({
      name: "award",
      title: "Award the task to a bid",
      description: "Funds the escrow with the chosen worker's signed bid (approving the token first if needed): the money is locked until release, dispute ruling, or refund.",
      input: z.strictObject({ taskId: TaskIdArg, worker: AddressArg.describe("the bidder's address, from list_bids") }),
      output: z.strictObject({ taskId: z.string(), worker: z.string(), agentId: z.string(), amount: z.string(), fundTx: z.string().nullable() }),
      run: async ({ taskId, worker }, ctx) => {
        const r = await c.award(taskId, worker, async (bid) => {
          await ensureFunds(body, bid.terms.amount, (m) => ctx.progress(0, 2, m));
          await ctx.progress(1, 2, "funding the escrow");
        });
        await ctx.progress(2, 2, "funded");
        return { taskId, worker: r.bid.worker, agentId: r.bid.agentId, amount: r.bid.terms.amount.toString(), fundTx: r.fundTx ?? null };
      },
    }),
    ...teamTools(body),
    defineTool({
      name: "get_result",
      title: "The delivered result",
      description: "The deliverable the worker sent (accepted only under its EIP-712 signature), whether its hash equals the one submitted on chain, the results of the acceptance criteria's machine checks on it, and the escrow's status and review deadline.",
      readOnly: true,
      input: z.strictObject({ taskId: TaskIdArg, waitSeconds: WaitArg }),
      output: z.strictObject({
        task: TaskView,
        delivered: z.boolean(),
        output: z.string().nullable(),
        checks: z.strictObject({ signedByWorker: z.boolean(), hashMatchesChain: z.boolean() }),
        machineChecks: z.strictObject({
          passed: z.boolean().nullable().describe("every machine check passed; null while nothing is delivered"),
          results: z.array(CheckResult).describe("one per check of the criteria, in a fixed order; empty when the task has no criteria"),
        }),
      }),
      run: async ({ taskId, waitSeconds }, ctx) => {
        const got = await waitWithProgress(ctx, waitSeconds, "the result", async () => {
          const r = await c.result(taskId);
          return r.record.result ? r : undefined;
        });
        const r = got ?? (await c.result(taskId));
        const output = r.record.result?.output ?? null;
        // The same pure checks a judge or juror reruns from the spec and the output: anyone can replay them.
        const results = output === null ? [] : runMachineChecks(r.record.spec.criteria, output);
        return {
          task: taskView(r.chain),
          delivered: output !== null,
          output,
          checks: { signedByWorker: output !== null, hashMatchesChain: r.hashMatches },
          machineChecks: { passed: output === null ? null : results.every((x) => x.passed), results },
        };
      },
    }),
    defineTool({
      name: "release",
      title: "Release the payment",
      description: "Pays the worker (minus the escrow fee). Final.",
      input: z.strictObject({ taskId: TaskIdArg }),
      output: z.strictObject({ taskId: z.string(), ...TxOut.shape }),
      run: async ({ taskId }) => ({ taskId, ...txOut(await c.release(taskId)) }),
    }),
    defineTool({
      name: "dispute",
      title: "Dispute the result",
      description: "Disputes a submitted result within the review period, with a reason (its hash goes on chain); the arbiter rules a split, or after its ruling window the fallback split applies.",
      input: z.strictObject({ taskId: TaskIdArg, reason: z.string().min(1).max(2_000) }),
      output: z.strictObject({ taskId: z.string(), rulingDeadline: z.string(), ...TxOut.shape }),
      run: async ({ taskId, reason }) => {
        const tx = await c.dispute(taskId, reason);
        const { chain } = await c.result(taskId);
        return { taskId, rulingDeadline: isoTime(chain.dispute?.rulingDeadline ?? 0n), ...txOut(tx) };
      },
    }),
    defineTool({
      name: "cancel",
      title: "Cancel a task",
      description: "Withdraws a task still open for bids (no transaction), or asks the escrow to cancel a funded one: it cancels (refund) once the worker asks too.",
      input: z.strictObject({ taskId: TaskIdArg, reason: z.string().min(1).max(500) }),
      output: z.strictObject({ taskId: z.string(), onChain: z.boolean(), status: z.string(), txHash: z.string().nullable() }),
      run: async ({ taskId, reason }) => {
        const r = await c.cancel(taskId, reason);
        return { taskId, onChain: r.tx !== null, status: r.chain?.status ?? "withdrawn", txHash: r.tx?.hash ?? null };
      },
    }),
    defineTool({
      name: "review",
      title: "Review the worker",
      description: "Signs an EIP-712 review of the worker of a settled task and posts it to the reputation indexer (one per task).",
      input: z.strictObject({ taskId: TaskIdArg, rating: RatingArg, comment: z.string().max(2_000).default("") }),
      output: z.strictObject({ taskId: z.string(), subject: z.string(), rating: z.number().int(), commentHash: z.string() }),
      run: async ({ taskId, rating, comment }) => {
        const { review, subject } = await c.review(taskId, rating, comment);
        return { taskId, subject, rating, commentHash: review.fields.commentHash };
      },
    }),
  ];
}
