/** A loop running in the background: `stop()` ends it at its next check and resolves once it has. */
export interface Loop {
  stop(): Promise<void>;
  /** Resolves when the loop has ended, stopped or for good on its own. */
  done: Promise<void>;
}

/** What a loop's body sees: whether it was asked to stop, and a pause that `stop()` cuts short. */
export interface LoopControl {
  readonly stopped: boolean;
  sleep(ms: number): Promise<void>;
}

/**
 * Starts `body` and gives the handle that stops it: `stop()` sets `stopped`, wakes a pending
 * `sleep` at once (so stopping never waits a whole interval) and waits for the body to return.
 * Shared by the indexer's loop and its leader election.
 *
 * @example
 * const loop = stoppableLoop(async (ctl) => {
 *   while (!ctl.stopped) await ctl.sleep(1000);
 * });
 * await loop.stop();
 */
export function stoppableLoop(body: (ctl: LoopControl) => Promise<void>): Loop {
  let stopped = false;
  let wake: (() => void) | undefined;
  const ctl: LoopControl = {
    get stopped() {
      return stopped;
    },
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, ms).unref();
      }),
  };
  const done = body(ctl);
  return {
    done,
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
