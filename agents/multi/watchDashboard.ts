import { z } from "zod";
import { AnnouncedTasks, type AnnouncedTask } from "../protocol/announcedTask.js";
import { AddressString } from "../protocol/codecs.js";

/** What the dashboard process served while the multi-process market ran, all read through its own relays. */
export interface DashboardSeen {
  url: string;
  /** The last list of announced tasks it relayed from the manager's board before the manager exited. */
  announced: AnnouncedTask[];
  /** The escrow it resolved from the deployment record has code on the node (eth_getCode through POST /rpc). */
  escrowHasCode: boolean;
  /** Agents the indexer's registry mirror lists, through GET /indexer/agents. */
  agents: number;
}

const Config = z.object({ escrow: AddressString });
const Code = z.object({ result: z.string() });
const Agents = z.object({ agents: z.array(z.unknown()) });

async function json<T>(schema: z.ZodType<T>, url: string, init?: RequestInit): Promise<T | undefined> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
  if (!res?.ok) return undefined;
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Follows the dashboard (`./run dashboard`, another process) while the manager runs: polls its
 * `GET /manager/tasks` until `managerExited`, then reads its config, the chain and the indexer
 * through it, as the page would.
 *
 * @example
 * const seen = await watchDashboard("http://127.0.0.1:8700/", manager.exited);
 */
export async function watchDashboard(url: string, managerExited: Promise<unknown>, pollMs = 250): Promise<DashboardSeen> {
  const base = url.replace(/\/+$/, "");
  let done = false;
  void managerExited.then(() => (done = true));
  let announced: AnnouncedTask[] = [];
  while (!done) {
    const list = await json(AnnouncedTasks, `${base}/manager/tasks`);
    if (list && list.tasks.length >= announced.length) announced = list.tasks;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const config = await json(Config, `${base}/config.json`);
  const rpc = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getCode", params: [config?.escrow, "latest"] }) };
  const code = config ? await json(Code, `${base}/rpc`, rpc) : undefined;
  const agents = await json(Agents, `${base}/indexer/agents`);
  return { url, announced, escrowHasCode: Boolean(code && code.result.length > 2), agents: agents?.agents.length ?? 0 };
}
