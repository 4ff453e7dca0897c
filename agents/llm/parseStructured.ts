import { z } from "zod";
import { LlmOutputError, LlmUpstreamError } from "./errors.js";
import type { LlmOperation } from "./errors.js";

/** The part of a Messages API response we rely on; the SDK types it but does not check it. */
const MessageEnvelope = z.object({
  id: z.string(),
  type: z.literal("message"),
  stop_reason: z.string().nullable(),
  content: z.array(
    z.union([
      z.object({ type: z.literal("text"), text: z.string() }),
      z.object({ type: z.literal("tool_use"), input: z.unknown() }),
      z.object({ type: z.string() }),
    ]),
  ),
});

/**
 * Turns a Messages API response into `T` or a typed error: {@link LlmOutputError} when the
 * model's answer is unusable, {@link LlmUpstreamError} (`LLM_BAD_RESPONSE`) when the response
 * is not a Messages API message at all. Exported for the hardening suite.
 */
export function parseStructured<T>(response: unknown, schema: z.ZodType<T>, ctx: { operation: LlmOperation; model: string }): T {
  const envelope = MessageEnvelope.safeParse(response);
  if (!envelope.success) {
    throw new LlmUpstreamError("LLM_BAD_RESPONSE", "LLM API response is not a Messages API message", {
      details: { ...ctx, issues: envelope.error.issues.slice(0, 5) },
    });
  }
  const message = envelope.data;
  const details = { ...ctx, messageId: message.id, stopReason: message.stop_reason };
  if (message.stop_reason === "refusal") throw new LlmOutputError("LLM_REFUSED", "Model refused to answer", { details });
  if (message.stop_reason === "max_tokens") throw new LlmOutputError("LLM_TRUNCATED", "Model output was cut off at max_tokens", { details });
  const blocks = message.content;
  const toolUse = blocks.find((b): b is { type: "tool_use"; input: unknown } => b.type === "tool_use" && "input" in b);
  const toolInput = toolUse?.input;
  const text = blocks.flatMap((b) => (b.type === "text" && "text" in b && typeof b.text === "string" ? [b.text] : [])).join("");
  let value: unknown = toolInput;
  if (value === undefined) {
    if (text.trim() === "") throw new LlmOutputError("LLM_NO_TEXT", "Model answer has no text or tool input", { details });
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new LlmOutputError("LLM_MALFORMED_JSON", "Model answer is not valid JSON", { details: { ...details, excerpt: text.slice(0, 200) }, cause });
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new LlmOutputError("LLM_SCHEMA_MISMATCH", "Model answer does not match the expected shape", {
      details: { ...details, issues: parsed.error.issues.slice(0, 10) },
    });
  }
  return parsed.data;
}
