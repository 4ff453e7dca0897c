import { z } from "zod";
import { AddressString } from "../../../agents/protocol/codecs.js";
import type { DashboardConfig } from "../../../agents/dashboard/config.js";

const Config = z.object({
  chainId: z.number().int().positive(),
  escrow: AddressString,
  escrowBlock: z.string().regex(/^[0-9]+$/),
  anchor: AddressString.nullable(),
  anchorBlock: z.string().regex(/^[0-9]+$/),
  rpcPath: z.literal("/rpc"),
  indexerPath: z.literal("/indexer"),
  managerPath: z.literal("/manager"),
  upstream: z.object({ rpcUrl: z.string(), indexerUrl: z.string(), boardUrl: z.string() }),
});

/** GET /config.json from the dashboard server, checked. */
export async function loadConfig(): Promise<DashboardConfig> {
  const res = await fetch(new URL("config.json", location.href));
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const parsed = Config.safeParse(await res.json());
  if (!parsed.success) throw new Error(`config.json is malformed: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  return parsed.data as DashboardConfig;
}

/** Absolute URL of a path on the dashboard server (which relays chain and indexer). */
export const serverUrl = (path: string) => new URL(path.replace(/^\//, ""), location.href.replace(/[#?].*$/, "").replace(/[^/]*$/, "")).toString();
