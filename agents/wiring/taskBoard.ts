import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { announcedRoute } from "../http/announcedRoute.js";
import { errorJson } from "../http/errorJson.js";
import { DEFAULT_RATE_LIMIT, hardenApp } from "../http/hardenApp.js";
import type { Manager } from "../manager/Manager.js";
import { Hash32 } from "../protocol/codecs.js";
import { TaskSpec } from "../protocol/task.js";

/** The manager's task board: where a person or a dashboard posts tasks and follows them. */
export interface TaskBoard {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the manager's task board over HTTP (agents talk over A2A, not here): `POST /tasks`
 * announces a TaskSpec (400 TASK_INVALID with zod's issues; 409 TASK_EXISTS for a task id already
 * announced, so a replayed request cannot reset a task in flight); `GET /tasks/:id` reports on
 * it; `GET /tasks` lists every announced task with its public steps (the number of bids, never
 * their contents). Errors use the shared `{ error: { code, message } }` body.
 */
export async function serveTaskBoard(manager: () => Manager, o: { host?: string; port?: number }): Promise<TaskBoard> {
  const app = new Hono();
  hardenApp(app, { maxBodyBytes: 1_000_000, rateLimit: DEFAULT_RATE_LIMIT });
  app.post("/tasks", async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const spec = TaskSpec.safeParse(body);
    if (!spec.success)
      return errorJson(c, 400, "TASK_INVALID", "body is not a TaskSpec", { issues: spec.error.issues.map((i) => ({ path: i.path, message: i.message })) });
    if (manager().task(spec.data.taskId)) return errorJson(c, 409, "TASK_EXISTS", `task ${spec.data.taskId} was already announced`);
    const taskId = await manager().announce(spec.data);
    return c.json({ taskId }, 202);
  });
  announcedRoute(app, "/tasks", () => ({ manager: manager().address, tasks: manager().announced() }));
  app.get("/tasks/:id", (c) => {
    const parsed = Hash32.safeParse(c.req.param("id"));
    if (!parsed.success) return errorJson(c, 400, "TASK_ID_INVALID", "expected a 32-byte hex task id");
    const id = parsed.data;
    const r = manager().task(id);
    if (!r) return errorJson(c, 404, "TASK_NOT_FOUND", `no task ${id}`);
    return c.json({ taskId: id, phase: r.phase, outcome: r.outcome ?? null, worker: r.winner?.worker ?? null, score: r.score ?? null });
  });
  const host = o.host ?? "127.0.0.1";
  let server!: ServerType;
  const url = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: host, port: o.port ?? 0 }, (info: AddressInfo) => resolve(`http://${host}:${info.port}`));
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
