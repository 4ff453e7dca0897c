import { z } from "zod";
import { checksummed, lowerHex } from "../protocol/codecs.js";
import type { EscrowTask } from "../runtime/ports.js";
import { isoTime } from "../runtime/refusal.js";
import type { ToolContext } from "./toolTable.js";

/** A task id, any case on the wire, lower-cased (`Hash32`'s form) for the tool's body. */
export const TaskIdArg = lowerHex(z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected the task id: 0x and 64 hex digits")).describe("the task id (0x + 64 hex digits)");
/** An address, any case on the wire, checksummed for the tool's body. */
export const AddressArg = checksummed(z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected an address: 0x and 40 hex digits"));
export const AmountArg = z.string().regex(/^[0-9]{1,30}$/, "expected an amount in token base units, as a decimal string").describe("token base units, decimal string");
export const RatingArg = z.number().int().min(1).max(5).describe("1 to 5 stars");
export const WaitArg = z.number().int().min(0).max(600).default(0).describe("seconds to wait (with progress) for it to arrive; 0 answers at once");

/** A task as the escrow holds it, for a model to read. */
export const TaskView = z.strictObject({
  taskId: z.string(),
  status: z.string(),
  client: z.string(),
  worker: z.string(),
  arbiter: z.string(),
  amount: z.string(),
  deadline: z.string(),
  reviewDeadline: z.string().nullable(),
  rulingDeadline: z.string().nullable(),
  resultHash: z.string().nullable(),
});

export function taskView(t: EscrowTask): z.infer<typeof TaskView> {
  return {
    taskId: t.taskId,
    status: t.status,
    client: t.terms.client,
    worker: t.terms.worker,
    arbiter: t.terms.arbiter,
    amount: t.terms.amount.toString(),
    deadline: isoTime(t.terms.deadline),
    reviewDeadline: t.submission ? isoTime(t.submission.reviewDeadline) : null,
    rulingDeadline: t.dispute ? isoTime(t.dispute.rulingDeadline) : null,
    resultHash: t.submission?.resultHash ?? null,
  };
}

export const TxOut = z.strictObject({ txHash: z.string(), gasUsed: z.string() });
export const txOut = (tx: { hash: string; gasUsed: bigint }) => ({ txHash: tx.hash, gasUsed: tx.gasUsed.toString() });

/**
 * Polls `check` once a second for up to `seconds`, reporting progress, until it returns a
 * value; returns the last answer (possibly undefined) when time runs out or the call is cancelled.
 */
export async function waitWithProgress<T>(ctx: ToolContext, seconds: number, what: string, check: () => Promise<T | undefined>): Promise<T | undefined> {
  let found = await check();
  for (let s = 1; found === undefined && s <= seconds && !ctx.signal.aborted; s++) {
    await ctx.progress(s - 1, seconds, `waiting for ${what} (${s - 1}/${seconds} s)`);
    await new Promise((r) => setTimeout(r, 1_000));
    found = await check();
  }
  if (seconds > 0) await ctx.progress(seconds, seconds, found === undefined ? `no ${what} yet` : `${what} arrived`);
  return found;
}
