import { serve, type ServerType } from "@hono/node-server";
import { createServer as httpServer, type RequestListener, type Server, type ServerOptions } from "node:http";
import type { SystemFaultError } from "../errors.js";
import { AnchorConflictError, ReorgDetectedError } from "./errors.js";
import type { Indexer } from "./createIndexer.js";
import { boundPort } from "../http/boundPort.js";
import { stoppableLoop, type Loop } from "./stoppableLoop.js";

/**
 * How long the API keeps an idle keep-alive connection open: longer than a load balancer's idle
 * timeout (60 s is a common default), so a balancer never sends a request on a connection the
 * API has just closed, which it would answer with a 502. Node's default is 5 s.
 */
export const KEEP_ALIVE_MS = 65_000;

/**
 * Serves an indexer's HTTP API on loopback (port 0 picks a free port): the hot routes on node:http
 * directly when the indexer has them (`fastRoutes`), the rest through its hono app. Idle
 * keep-alive connections stay open for {@link KEEP_ALIVE_MS}.
 *
 * @example
 * const { url, close } = await startIndexerServer(indexer, { port: 8787 });
 */
export async function startIndexerServer(
  indexer: Pick<Indexer, "app"> & Partial<Pick<Indexer, "fastRoutes">>,
  opts: { port?: number; hostname?: string } = {},
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const hostname = opts.hostname ?? "127.0.0.1";
  const server: ServerType = await new Promise((resolve) => {
    const fast = indexer.fastRoutes;
    // POST /reviews and GET /reviews/:id straight on node:http (api/fastRoutes.ts); everything else through hono.
    const createServer = fast
      ? ((options: ServerOptions, listener: RequestListener) => httpServer(options, (req, res) => fast(req, res) || listener(req, res))) as typeof httpServer
      : undefined;
    const s = serve({ fetch: indexer.app.fetch, port: opts.port ?? 8787, hostname, ...(createServer ? { createServer } : {}) }, () => resolve(s));
  });
  const http = server as Server;
  http.keepAliveTimeout = KEEP_ALIVE_MS;
  http.headersTimeout = KEEP_ALIVE_MS + 1_000; // Node wants it above keepAliveTimeout
  const port = boundPort(server);
  return {
    url: `http://${hostname}:${port}`,
    port,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/**
 * Runs ingestion (escrow, then the identity registry and its cards) and epoch closing every
 * `intervalMs` until stopped. Transient failures (RPC,
 * database) are reported and retried on the next tick; an {@link AnchorConflictError} or a
 * {@link ReorgDetectedError} stops the loop for good, since continuing would serve proofs or
 * task states that do not match the chain. (Ingest itself now rolls reorgs back to the fork
 * point rather than raising ReorgDetectedError; see rollback.ts.)
 *
 * @example
 * const loop = runIndexerLoop(indexer, { intervalMs: 2000, onError: console.error });
 * await loop.stop();
 */
export function runIndexerLoop(
  indexer: Pick<Indexer, "ingestOnce" | "closeDueEpochs"> & Partial<Pick<Indexer, "syncRegistry" | "syncJury">>,
  opts: { intervalMs: number; onError?: (err: unknown) => void; onFatal?: (err: SystemFaultError) => void },
): Loop {
  return stoppableLoop(async (ctl) => {
    while (!ctl.stopped) {
      try {
        await indexer.ingestOnce();
        await indexer.syncRegistry?.();
        await indexer.syncJury?.();
        await indexer.closeDueEpochs();
      } catch (err) {
        if (err instanceof AnchorConflictError || err instanceof ReorgDetectedError) {
          opts.onFatal?.(err);
          return;
        }
        opts.onError?.(err);
      }
      await ctl.sleep(opts.intervalMs);
    }
  });
}
