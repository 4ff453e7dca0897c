import { z } from "zod";
import { UserInputError } from "../errors.js";
import { Message } from "./messages.js";

/**
 * An inbound message failed its schema; the agent logs it and carries on.
 *
 * @example
 * const r = parseMessage(raw); if (!r.ok) console.warn(r.error.code, r.error.shortMessage); // MESSAGE_INVALID
 */
export class MessageParseError extends UserInputError {
  override name = "MessageParseError" as const;
  constructor(issues: string, raw: unknown) {
    super(`invalid message: ${issues}`, { code: "MESSAGE_INVALID", details: { raw } });
  }
}

export type ParseResult = { ok: true; message: Message } | { ok: false; error: MessageParseError };

/**
 * Validates an untrusted value as a contract-net {@link Message}. Never throws.
 *
 * @example
 * const r = parseMessage(JSON.parse(body));
 * if (!r.ok) log.warn(r.error.message); else handle(r.message);
 */
export function parseMessage(raw: unknown): ParseResult {
  const r = Message.safeParse(raw);
  if (r.success) return { ok: true, message: r.data };
  return { ok: false, error: new MessageParseError(z.prettifyError(r.error).replace(/\n/g, "; "), raw) };
}
