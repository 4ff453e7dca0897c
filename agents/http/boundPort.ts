import type { Server } from "node:net";

/**
 * The TCP port a listening server is bound to (what listening on port 0 picked).
 *
 * @throws Error when the server is not listening on a TCP port (closed, or on a pipe).
 *
 * @example
 * const server = app.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${boundPort(server)}`));
 */
export function boundPort(server: Pick<Server, "address">): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error(`server is not listening on a TCP port (${address ?? "closed"})`);
  return address.port;
}
