import { createServer } from "node:net";
import { boundPort } from "./boundPort.js";

/** A TCP port on `host` (loopback by default) that nothing listens on right now. */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const port = boundPort(srv);
      srv.close(() => resolve(port));
    });
  });
}
