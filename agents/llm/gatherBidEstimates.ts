import { AgentError, SystemFaultError } from "../errors.js";
import type { CapabilityProfile } from "../protocol/task.js";
import type { ModelEstimate, LlmClient, LlmTask } from "./types.js";

export interface BidRequest {
  profile: CapabilityProfile;
  llm: LlmClient;
}

export interface GatheredBids {
  estimates: { agentId: string; estimate: ModelEstimate }[];
  /** Bidders whose estimate failed, with the typed reason; the round went on without them. */
  dropped: { agentId: string; error: AgentError }[];
}

/**
 * Asks every solicited worker's model for a bid estimate in parallel. A bad answer (or a
 * timeout, or any other failure) drops that one bid; the round carries on with the rest.
 * Results keep the order of `requests`.
 *
 * @example
 * const { estimates, dropped } = await gatherBidEstimates(task, capable.map((c) => ({ profile: c.profile, llm: llmOf(c) })));
 */
export async function gatherBidEstimates(task: LlmTask, requests: readonly BidRequest[]): Promise<GatheredBids> {
  const settled = await Promise.allSettled(requests.map((r) => r.llm.estimateBid(task, r.profile)));
  const result: GatheredBids = { estimates: [], dropped: [] };
  settled.forEach((s, i) => {
    const agentId = requests[i]!.profile.agentId;
    if (s.status === "fulfilled") result.estimates.push({ agentId, estimate: s.value });
    else {
      const error =
        s.reason instanceof AgentError
          ? s.reason
          : new SystemFaultError("Bid estimate failed unexpectedly", { code: "LLM_UNEXPECTED", details: { agentId, taskId: task.taskId }, cause: s.reason });
      result.dropped.push({ agentId, error });
    }
  });
  return result;
}
