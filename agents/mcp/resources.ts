import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { safeStringify } from "../errors.js";
import { ChecksumAddress, Hash32 } from "../protocol/codecs.js";
import { ActionRefusedError } from "../runtime/refusal.js";
import { provenReputation } from "./commonTools.js";
import type { McpBody } from "./startMcpBody.js";
import { taskView } from "./toolSchemas.js";

const json = (uri: URL, value: unknown) => ({ contents: [{ uri: uri.href, mimeType: "application/json", text: safeStringify(value) }] });

/**
 * `market://tasks/{taskId}`: one of this agent's tasks, its spec and its on-chain state
 * (listed: every task of this agent); `market://agents/{address}/reputation`: an address's
 * reputation, proven against the anchored roots.
 */
export function registerResources(server: McpServer, body: McpBody): void {
  server.registerResource(
    "task",
    new ResourceTemplate("market://tasks/{taskId}", {
      list: async () => ({ resources: (await ownTasks(body)).map((t) => ({ uri: `market://tasks/${t.taskId}`, name: t.title ?? t.taskId, mimeType: "application/json" })) }),
    }),
    { title: "A task of this agent", description: "Spec and on-chain escrow state of a task this agent posted, bid on or works on", mimeType: "application/json" },
    async (uri, { taskId }) => {
      const id = Hash32.safeParse(String(taskId));
      const t = id.success ? (await ownTasks(body)).find((x) => x.taskId === id.data) : undefined;
      if (!t) throw new ActionRefusedError("TASK_UNKNOWN", `no task ${String(taskId)} of this agent`, { taskId: String(taskId) });
      return json(uri, t);
    },
  );
  server.registerResource(
    "reputation",
    new ResourceTemplate("market://agents/{address}/reputation", { list: undefined }),
    { title: "An agent's proven reputation", description: "Reviews about an address, each checked against the root anchored on chain", mimeType: "application/json" },
    async (uri, { address }) => {
      const a = ChecksumAddress.safeParse(String(address));
      if (!a.success) throw new ActionRefusedError("TASK_UNKNOWN", `not an address: ${String(address)}`, {});
      return json(uri, await provenReputation(body, a.data));
    },
  );
}

async function ownTasks(body: McpBody): Promise<{ taskId: string; title: string | null; spec: unknown; escrow: unknown }[]> {
  if (body.worker) {
    const funded = await body.worker.tasks();
    const out: { taskId: string; title: string | null; spec: unknown; escrow: unknown }[] = funded.map(({ chain, record }) => ({ taskId: chain.taskId, title: record?.spec?.title ?? null, spec: record?.spec ?? null, escrow: taskView(chain) }));
    for (const b of body.worker.bidsPlaced()) {
      if (out.some((o) => o.taskId === b.taskId)) continue;
      const r = body.worker.record(b.taskId);
      out.push({ taskId: b.taskId, title: r?.spec?.title ?? null, spec: r?.spec ?? null, escrow: null });
    }
    return out;
  }
  const out = [];
  for (const [id, r] of body.client!.list()) {
    const escrow = r.phase === "awarded" ? taskView(await body.escrow.getTask({ client: body.address, taskId: id })) : null;
    out.push({ taskId: id, title: r.spec.title, spec: r.spec, escrow, phase: r.phase, outcome: r.outcome ?? null });
  }
  return out;
}
