import { z } from "zod";
import { SignedEnvelope } from "./envelope.js";
import { AnnounceMessage, AwardMessage, BidMessage, BidTerms, CancelMessage, EvidenceMessage, Message, RejectMessage, ReportMessage, ResultMessage } from "./messages.js";
import { SignedReview } from "./review.js";
import { TeamAnswerMessage, TeamSignMessage } from "./teamMessages.js";
import { TeamSubmitAnswerMessage, TeamSubmitMessage } from "./teamSubmitMessages.js";
import { TaskSpec } from "./task.js";

/**
 * The protocol's wire shapes, by file name: each becomes one JSON Schema (draft 2020-12) in
 * docs/protocol/schemas/, generated from these zod schemas by `npm run protocol:export`, so an
 * agent written in any language validates exactly what our agents accept.
 */
export const WIRE_SCHEMAS = {
  message: Message,
  announce: AnnounceMessage,
  bid: BidMessage,
  award: AwardMessage,
  reject: RejectMessage,
  result: ResultMessage,
  report: ReportMessage,
  cancel: CancelMessage,
  evidence: EvidenceMessage,
  "team-sign": TeamSignMessage,
  "team-answer": TeamAnswerMessage,
  "team-submit": TeamSubmitMessage,
  "team-submit-answer": TeamSubmitAnswerMessage,
  envelope: SignedEnvelope,
  "task-spec": TaskSpec,
  "bid-terms": BidTerms,
  "signed-review": SignedReview,
} as const satisfies Record<string, z.ZodType>;

export type WireSchemaName = keyof typeof WIRE_SCHEMAS;

/** Where the exported schemas say they live (their `$id` prefix). */
export const SCHEMA_ID_BASE = "https://agent-market.dev/protocol/schemas/";

/**
 * The JSON Schema of one wire shape: the *input* side of its zod schema (what travels, before
 * any decoding), with `$id` and `title`. A value that only exists after decoding (a bigint) can
 * never be on the wire, so it becomes `{ "not": {} }`.
 *
 * @example
 * const schema = wireJsonSchema("bid"); // { $schema, $id: ".../bid.json", title: "bid", type: "object", ... }
 */
export function wireJsonSchema(name: WireSchemaName): Record<string, unknown> {
  return jsonSchemaOf(name, WIRE_SCHEMAS[name]);
}

/** {@link wireJsonSchema} for any zod schema published under `name` (e.g. the Agent Card, agents/registry). */
export function jsonSchemaOf(name: string, zodSchema: z.ZodType): Record<string, unknown> {
  const schema = z.toJSONSchema(zodSchema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: () => ({ not: {} }),
  }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return { $schema, $id: `${SCHEMA_ID_BASE}${name}.json`, title: name, ...rest };
}
