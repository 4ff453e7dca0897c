import { getAddress, type Address } from "viem";
import type { Message } from "../protocol/messages.js";
import type { Endpoint } from "../transport/Transport.js";
import type { Logger } from "./ports.js";

/**
 * Sends one message to each named recipient, point to point. A recipient that is down or
 * refuses (its typed error) is logged and skipped: the chain, not the message, is what every
 * agent recovers from, so a lost message never stops the sender's step.
 *
 * @returns how many recipients accepted it.
 * @example
 * await tell(deps.endpoint, log, candidates.map((c) => c.address), announcement);
 */
export async function tell(endpoint: Endpoint, log: Logger, to: Address | readonly Address[], message: Message): Promise<number> {
  const recipients = [...new Set((typeof to === "string" ? [to] : to).map((a) => getAddress(a)))];
  let accepted = 0;
  await Promise.all(
    recipients.map(async (r) => {
      try {
        await endpoint.send(r, message);
        accepted++;
      } catch (err) {
        const e = err as { code?: string; message?: string };
        log.warn(`${message.type} not delivered`, { to: r, code: e.code ?? "UNKNOWN", reason: String(e.message ?? err).split("\n")[0] });
      }
    }),
  );
  return accepted;
}
