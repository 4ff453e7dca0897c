import { z } from "zod";
import { parseFlags } from "../cli/flags.js";

/** `./run mcp -- --role worker|client [--profile ada] [--http <port>] [--host 127.0.0.1]`. */
export const McpFlags = z.strictObject({
  role: z.enum(["worker", "client"]),
  /** Worker: which capability profile (skills, cost per step) it offers; on a dev chain also its account. */
  profile: z.string().min(1).default("ada"),
  /** Serve Streamable HTTP on this port instead of standard input/output (0: any free port). */
  http: z.coerce.number().int().min(0).max(65_535).optional(),
  host: z.string().min(1).default("127.0.0.1"),
  /** Client: how long an announcement stays open for bids. */
  "bid-window-seconds": z.coerce.number().int().min(5).max(86_400).default(600),
});
export type McpFlags = z.output<typeof McpFlags>;

/** Parses the flags; a leading `--` (as in `./run mcp -- --role worker`) is ignored. */
export function parseMcpFlags(argv: readonly string[]): McpFlags {
  return parseFlags(argv[0] === "--" ? argv.slice(1) : argv, McpFlags);
}
