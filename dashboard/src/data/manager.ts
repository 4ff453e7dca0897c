import { AnnouncedTasks } from "../../../agents/protocol/announcedTask.js";
import type { AnnouncedTask } from "../../../agents/protocol/announcedTask.js";
import { serverUrl } from "./config.js";

/** The manager's announced tasks, or why they are unknown (the page then lists tasks from their funding). */
export type Announced = { ok: true; tasks: AnnouncedTask[] } | { ok: false; reason: string };

/** GET /manager/tasks from the dashboard server, checked with the public schema. */
export async function loadAnnounced(managerPath: string): Promise<Announced> {
  try {
    const res = await fetch(serverUrl(`${managerPath}/tasks`));
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const err = body as { error?: { message?: string; details?: { reason?: string } } } | undefined;
      return { ok: false, reason: err?.error?.details?.reason ?? err?.error?.message ?? `HTTP ${res.status}` };
    }
    const parsed = AnnouncedTasks.safeParse(body);
    return parsed.success ? { ok: true, tasks: parsed.data.tasks } : { ok: false, reason: "the answer is not a list of announced tasks" };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
