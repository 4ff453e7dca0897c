import { SystemFaultError } from "../errors.js";
import type { AnnouncedSource } from "../http/announcedRoute.js";
import { AnnouncedTasks } from "../protocol/announcedTask.js";

/** The manager's board did not answer `GET /tasks` with a list of announced tasks. */
export class BoardSourceError extends SystemFaultError {
  override name = "BoardSourceError" as const;
}

/**
 * The announced tasks of a manager in another process: `GET <boardUrl>/tasks`, checked with the
 * public schema (which drops any field it does not name), 5 s timeout.
 *
 * @example
 * const list = await boardSource("http://127.0.0.1:8600")(); // { manager, tasks: [...] }
 */
export function boardSource(boardUrl: string): AnnouncedSource {
  const url = `${boardUrl.replace(/\/+$/, "")}/tasks`;
  return async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) }).catch((cause: unknown) => {
      throw new BoardSourceError(`cannot reach the manager's board at ${url}`, { code: "BOARD_UNREACHABLE", cause });
    });
    if (!res.ok) throw new BoardSourceError(`${url} answered ${res.status}`, { code: "BOARD_REFUSED", details: { status: res.status } });
    const parsed = AnnouncedTasks.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success)
      throw new BoardSourceError(`${url} is not a list of announced tasks`, { code: "BOARD_BAD_RESPONSE", details: { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`) } });
    return parsed.data;
  };
}
