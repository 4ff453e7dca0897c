import type { LeaderLock } from "./leader.js";
import { stoppableLoop, type Loop } from "./stoppableLoop.js";

/**
 * Runs `start()` (the ingest/close/anchor loop) only while holding `lock`: a standby tries to
 * take it every `pollMs`; a leader checks it still holds it as often and stops its loop the
 * moment it may not. Ends when stopped, or when the loop itself ends for good (a fatal error).
 *
 * @example
 * const worker = runAsLeader(postgresLeaderLock(url, key), () => runIndexerLoop(indexer, { intervalMs: 2000 }), { pollMs: 500, onChange: console.log });
 */
export function runAsLeader(lock: LeaderLock, start: () => Loop, opts: { pollMs: number; onChange?: (state: "leader" | "standby") => void }): Loop {
  let state: "leader" | "standby" | undefined;
  const become = (next: "leader" | "standby") => {
    if (state !== next) opts.onChange?.(next);
    state = next;
  };
  return stoppableLoop(async (ctl) => {
    while (!ctl.stopped) {
      if (!(await lock.tryAcquire())) {
        become("standby");
        await ctl.sleep(opts.pollMs);
        continue;
      }
      become("leader");
      const loop = start();
      let ended = false;
      void loop.done.then(() => (ended = true));
      while (!ctl.stopped && !ended && (await lock.stillHeld())) await ctl.sleep(opts.pollMs);
      await loop.stop();
      if (ended && !ctl.stopped) break; // fatal: the loop refused to go on
      if (!ctl.stopped) become("standby");
    }
    await lock.close();
  });
}
