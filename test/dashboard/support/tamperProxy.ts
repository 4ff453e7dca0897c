import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { boundPort } from "../../../agents/http/boundPort.js";

interface ServedReview {
  id: string;
  proof?: `0x${string}`[];
}

/** One proof made wrong: the first sibling's last hex digit flipped, or a bogus step for a one-leaf epoch. */
export function tamperProof(proof: readonly `0x${string}`[]): `0x${string}`[] {
  if (proof.length === 0) return [`0x${"ab".repeat(32)}`];
  const [first, ...rest] = proof;
  const last = first!.slice(-1);
  return [`0x${first!.slice(2, -1)}${last === "0" ? "1" : "0"}`, ...rest];
}

/**
 * An indexer that lies about one review: a proxy that relays every GET to the real indexer and
 * alters the proof of review `targetId` wherever it appears (GET /agents/:a/reviews, GET /reviews/:id).
 */
export async function startTamperProxy(indexerUrl: string, targetId: string): Promise<{ url: string; tampered: () => number; close(): Promise<void> }> {
  let tampered = 0;
  const target = targetId.toLowerCase();
  const fix = (r: ServedReview): ServedReview => {
    if (r.id.toLowerCase() !== target || !r.proof) return r;
    tampered++;
    return { ...r, proof: tamperProof(r.proof) };
  };
  const app = new Hono();
  app.get("/*", async (c) => {
    const url = new URL(c.req.url);
    const res = await fetch(`${indexerUrl}${url.pathname}${url.search}`);
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok || !type.includes("json") || url.pathname.includes("/dataset")) return new Response(await res.arrayBuffer(), { status: res.status, headers: { "content-type": type } });
    const body = (await res.json()) as { reviews?: ServedReview[] } & Partial<ServedReview>;
    if (Array.isArray(body.reviews)) return c.json({ ...body, reviews: body.reviews.map(fix) });
    if (typeof body.id === "string") return c.json(fix(body as ServedReview));
    return c.json(body);
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${boundPort(server)}`,
    tampered: () => tampered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
