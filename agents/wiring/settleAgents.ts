/** An agent whose queue can be waited on (Manager, Worker, Arbiter). */
export interface Settleable {
  readonly busy: boolean;
  idle(): Promise<void>;
}

/**
 * Waits until no message is in flight on the board and no agent has work queued, twice in a
 * row (a message handled in one round may queue work or a message for the next).
 * `agents` is read each round, so an agent restarted meanwhile is the one waited on.
 */
export async function settleAgents(transport: { drained?: () => Promise<void> }, agents: () => readonly Settleable[]): Promise<void> {
  for (let quiet = 0; quiet < 2; ) {
    await transport.drained?.();
    await new Promise((r) => setImmediate(r));
    const now = agents();
    const busy = now.some((a) => a.busy);
    await Promise.all(now.map((a) => a.idle()));
    quiet = busy ? 0 : quiet + 1;
  }
}
