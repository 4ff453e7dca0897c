/**
 * How long an agent process that is told to stop gives the step under way (a review still being
 * retried, a send to a slow peer) before it exits anyway: less than the 5 s `stopChild` waits
 * before SIGKILL, and than docker's 10 s.
 */
export const STOP_BUDGET_MS = 4_000;

/**
 * On SIGINT or SIGTERM runs `stop` and exits: 0 once it has finished, 1 if it failed, and 0 after
 * `budgetMs` whatever it is still doing, so a stopping process never waits to be killed.
 *
 * @example
 * exitOnSignal(() => running.stop());
 */
export function exitOnSignal(stop: () => Promise<void>, budgetMs = STOP_BUDGET_MS): void {
  const onSignal = () => {
    setTimeout(() => {
      console.error(`stopped after ${budgetMs} ms with work still under way`);
      process.exit(0);
    }, budgetMs).unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`stop failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
}
