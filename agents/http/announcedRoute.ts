import type { Hono } from "hono";
import { AnnouncedTasks } from "../protocol/announcedTask.js";
import { errorJson } from "./errorJson.js";

/** Where a list of announced tasks comes from: a manager in this process, or one over HTTP. */
export type AnnouncedSource = () => Promise<AnnouncedTasks> | AnnouncedTasks;

/**
 * `GET <path>`: the announced tasks of `source`, passed through the public AnnouncedTasks schema
 * on the way out, so only its fields (a count of bids, never a bid) can leave. A source that
 * fails answers 502 MANAGER_UNAVAILABLE with the reason.
 *
 * @example
 * announcedRoute(app, "/tasks", () => ({ manager: manager.address, tasks: manager.announced() }));
 */
export function announcedRoute(app: Hono, path: string, source: AnnouncedSource): void {
  app.get(path, async (c) => {
    let body: AnnouncedTasks;
    try {
      body = AnnouncedTasks.parse(await source());
    } catch (err) {
      return errorJson(c, 502, "MANAGER_UNAVAILABLE", "cannot list the manager's announced tasks", { reason: err instanceof Error ? err.message.split("\n")[0] : String(err) });
    }
    return c.json(body, 200, { "cache-control": "no-store" });
  });
}
