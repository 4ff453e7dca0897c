import type { Context } from "hono";
import { z } from "zod";
import { errorJson } from "../http/errorJson.js";
import { isJsonContentType } from "../http/isJsonContentType.js";

/**
 * JSON-RPC methods the page may send through the relay: reads only. Anything that signs, sends
 * or changes the node (eth_sendTransaction on a dev node's unlocked accounts, evm_*, hardhat_*)
 * never passes, so the relay cannot be used to move money.
 */
export const READ_METHODS = new Set([
  "eth_chainId",
  "net_version",
  "eth_blockNumber",
  "eth_call",
  "eth_getLogs",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getTransactionReceipt",
  "eth_getCode",
]);

const RpcCall = z.strictObject({
  jsonrpc: z.literal("2.0"),
  id: z.union([z.number(), z.string(), z.null()]).optional(),
  method: z.string().max(64),
  params: z.array(z.unknown()).max(16).optional(),
});
const RpcBody = z.union([RpcCall, z.array(RpcCall).min(1).max(100)]);

/**
 * Relays a JSON-RPC request (single or batch) to `rpcUrl` after checking it is JSON-RPC and read-only.
 * The answer is the node's own bytes: the page checks proofs against what the chain said, only relayed.
 */
export async function relayRpc(c: Context, rpcUrl: string): Promise<Response> {
  // application/json only: a cross-site form or text/plain POST cannot reach the node through us.
  if (!isJsonContentType(c.req.header("content-type")))
    return errorJson(c, 415, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
  const raw: unknown = await c.req.json().catch(() => undefined);
  const parsed = RpcBody.safeParse(raw);
  if (!parsed.success) return errorJson(c, 400, "RPC_INVALID", "body is not a JSON-RPC 2.0 request", { issues: parsed.error.issues.map((i) => i.message) });
  const calls = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  const refused = calls.find((call) => !READ_METHODS.has(call.method));
  if (refused) return errorJson(c, 403, "RPC_METHOD_REFUSED", `the dashboard relays read-only methods; ${refused.method} is not one`, { method: refused.method });
  return forward(c, rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(parsed.data) });
}

/** Relays a GET to the indexer at `indexerUrl` + the path after the relay's prefix (query kept). */
export async function relayIndexer(c: Context, indexerUrl: string, prefix: string): Promise<Response> {
  const url = new URL(c.req.url);
  const rest = url.pathname.slice(prefix.length) || "/";
  return forward(c, `${indexerUrl.replace(/\/+$/, "")}${rest}${url.search}`, { method: "GET" });
}

async function forward(c: Context, url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (cause) {
    return errorJson(c, 502, "UPSTREAM_UNAVAILABLE", `cannot reach ${new URL(url).origin}`, { reason: cause instanceof Error ? cause.message : String(cause) });
  }
  const headers = new Headers({ "content-type": res.headers.get("content-type") ?? "application/json", "cache-control": "no-store" });
  return new Response(await res.arrayBuffer(), { status: res.status, headers });
}
