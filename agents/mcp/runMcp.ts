import { isAgentError } from "../errors.js";
import { consoleLogger } from "../runtime/logger.js";
import { parseMcpFlags } from "./mcpArgs.js";
import { serveHttp, serveStdio } from "./serveMcp.js";
import { startMcpBody } from "./startMcpBody.js";

/**
 * `./run mcp`: starts the agent's body, then serves MCP over stdio (until the host closes it)
 * or Streamable HTTP (until SIGINT/SIGTERM). Status lines go to stderr; a start-up failure
 * prints its code and message there and exits 1.
 */
export async function runMcp(argv: readonly string[], env: Record<string, string | undefined>): Promise<void> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const flags = parseMcpFlags(argv);
    const body = await startMcpBody(flags, env, consoleLogger(`mcp ${flags.role}`));
    say(`mcp ${flags.role} ${body.address} on chain ${body.chainId}, agent #${body.agentId}, A2A ${body.a2aUrl}`);
    if (flags.http === undefined) {
      await serveStdio(body);
    } else {
      const http = await serveHttp(body, { host: flags.host, port: flags.http });
      say(`mcp listening ${http.url}`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await http.close();
    }
    await body.stop();
    process.exit(0);
  } catch (err) {
    say(isAgentError(err) ? `mcp: ${err.code}: ${err.shortMessage}` : `mcp: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  }
}
