import type { LeaderLock } from "./leader.js";

interface Loop {
  stop(): Promise<void>;
  done: Promise<void>;
}

/**
 * Runs `start()` (the ingest/close/anchor loop) only while holding `lock`: a standby tries to
 * take it every `pollMs`; a leader checks it still holds it as often and stops its loop the
 * moment it may not. Ends when stopped, or when the loop itself ends for good (a fatal error).
 *
 * @example
 * const worker = runAsLeader(postgresLeaderLock(url, key), () => runIndexerLoop(indexer, { intervalMs: 2000 }), { pollMs: 500, onChange: console.log });
 */
export function runAsLeader(lock: LeaderLock, start: () => Loop, opts: { pollMs: number; onChange?: (state: "leader" | "standby") => void }): Loop {
  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = () => new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, opts.pollMs).unref()));
  let state: "leader" | "standby" | undefined;
  const become = (next: "leader" | "standby") => {
    if (state !== next) opts.onChange?.(next);
    state = next;
  };
  const done = (async () => {
    while (!stopped) {
      if (!(await lock.tryAcquire())) {
        become("standby");
        await sleep();
        continue;
      }
      become("leader");
      const loop = start();
      let ended = false;
      void loop.done.then(() => (ended = true));
      while (!stopped && !ended && (await lock.stillHeld())) await sleep();
      await loop.stop();
      if (ended && !stopped) break; // fatal: the loop refused to go on
      if (!stopped) become("standby");
    }
    await lock.close();
  })();
  return {
    done,
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
