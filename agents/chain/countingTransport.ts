import type { Transport } from "viem";
import { addressKey } from "../protocol/codecs.js";

/** JSON-RPC calls by method; an `eth_call` is also counted as `eth_call <to>` (the contract it read, lower case). */
export type RpcCounts = Record<string, number>;

/**
 * Wraps a viem transport so that every JSON-RPC call it sends is counted in `counts` (a retry
 * counts again: each is a request the node serves). What a process asks of its node, by method
 * and contract, is what the networked benchmark reports per component.
 *
 * @example
 * const counts: RpcCounts = {};
 * const publicClient = createPublicClient({ transport: countingTransport(http(url), counts) });
 */
export function countingTransport(transport: Transport, counts: RpcCounts): Transport {
  return ((options) => {
    const inner = transport(options);
    const request = (async (args: { method: string; params?: unknown }, opts?: unknown) => {
      counts[args.method] = (counts[args.method] ?? 0) + 1;
      if (args.method === "eth_call") {
        const to = (args.params as [{ to?: string }] | undefined)?.[0]?.to;
        const key = to ? `eth_call ${addressKey(to)}` : undefined;
        if (key) counts[key] = (counts[key] ?? 0) + 1;
      }
      return (inner.request as (a: unknown, o?: unknown) => Promise<unknown>)(args, opts);
    }) as typeof inner.request;
    return { ...inner, request };
  }) as Transport;
}
