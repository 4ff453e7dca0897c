import { z } from "zod";
import { AcceptanceCriteria } from "./criteria.js";
import { ChecksumAddress, Hash32 } from "./codecs.js";
/** Skill tag, e.g. "typescript", "summarise". */
export const Skill = z.string().min(1).max(64);
/** Token amount in base units, carried as a decimal string on the wire. */
export const Amount = z.string().regex(/^[0-9]{1,78}$/, "expected a non-negative integer string");

/**
 * What a manager announces. It is hashed (see specHash in eip712.ts's Bid) so a worker's
 * signature commits to exactly this text.
 *
 * @example
 * const spec = TaskSpec.parse(announce.spec); const hash = specHash(spec);
 */
export const TaskSpec = z.strictObject({
  taskId: Hash32,
  title: z.string().min(1).max(200),
  description: z.string().max(20_000),
  requiredSkills: z.array(Skill).max(32),
  preferredSkills: z.array(Skill).max(32).default([]),
  /** Budget ceiling in token base units. */
  budget: Amount,
  token: ChecksumAddress,
  /** Unix seconds by which the result must be submitted on-chain. */
  deadline: z.number().int().positive(),
  /** Seconds the client has after submission to release or dispute. */
  reviewPeriod: z.number().int().positive(),
  arbiter: ChecksumAddress,
  /** What the output must meet: machine checks and a rubric (criteria.ts); hashed with the rest. */
  criteria: AcceptanceCriteria.optional(),
});
export type TaskSpec = z.infer<typeof TaskSpec>;

/** What a worker can do: filtering on this happens before anyone is asked to bid. */
export const CapabilityProfile = z.strictObject({
  agentId: z.string().min(1).max(128),
  skills: z.array(Skill).min(1).max(64),
  /** Cost of one step in token base units. */
  costPerStep: z.number().nonnegative(),
  maxSteps: z.number().int().positive(),
});
export type CapabilityProfile = z.infer<typeof CapabilityProfile>;
