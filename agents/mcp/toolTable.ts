import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolRequestSchema, type CallToolResult, type ServerNotification, type ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { z } from "zod";
import { toolError, toolErrorFromZod } from "./toolError.js";

/** What a tool's body gets besides its checked input: a way to report progress on long waits. */
export interface ToolContext {
  /** Sends `notifications/progress` when the caller asked for it (a progress token); otherwise does nothing. */
  progress(progress: number, total: number | undefined, message: string): Promise<void>;
  signal: AbortSignal;
}

/** One MCP tool: zod input and output, and a body that returns the output or throws an AgentError. */
export interface ToolDef<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  /** True for tools that only read (the host may call them without asking its user). */
  readOnly?: boolean;
  run(args: z.output<I>, ctx: ToolContext): Promise<z.input<O>>;
}

/** Keeps each tool's input and output types tied together. */
export const defineTool = <I extends z.ZodObject, O extends z.ZodObject>(def: ToolDef<I, O>): ToolDef => def as unknown as ToolDef;

/**
 * Registers the tools (so `tools/list` advertises their JSON Schemas, input and output) and
 * answers `tools/call` itself: the input goes through the tool's zod schema here, so a bad
 * argument is a tool error with the project's code (`TOOL_INPUT_INVALID`) naming the field,
 * not the SDK's uncoded message; every failure of the body is a tool error carrying its
 * AgentError code; every success carries `structuredContent` checked against `outputSchema`.
 *
 * @example registerTools(server, [marketStatusTool(body), reputationTool(body)]);
 */
export function registerTools(server: McpServer, defs: readonly ToolDef[]): void {
  const byName = new Map(defs.map((d) => [d.name, d]));
  for (const d of defs) {
    server.registerTool(
      d.name,
      { title: d.title, description: d.description, inputSchema: d.input, outputSchema: d.output, annotations: { readOnlyHint: d.readOnly ?? false, openWorldHint: true } },
      // tools/call is answered by callTool below; this body is never reached.
      () => toolError("TOOL_DISPATCH", `${d.name} is dispatched by callTool`),
    );
  }
  server.server.setRequestHandler(CallToolRequestSchema, (req, extra) => callTool(byName, req.params.name, req.params.arguments, extra));
}

async function callTool(
  byName: Map<string, ToolDef>,
  name: string,
  args: unknown,
  extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
): Promise<CallToolResult> {
  const def = byName.get(name);
  if (!def) return toolError("TOOL_UNKNOWN", `no tool named ${JSON.stringify(name)}; call tools/list for the tools this server offers`);
  const input = def.input.safeParse(args ?? {});
  if (!input.success) return toolErrorFromZod(name, input.error);
  const token = extra._meta?.progressToken;
  const ctx: ToolContext = {
    signal: extra.signal,
    progress: async (progress, total, message) => {
      if (token === undefined) return;
      await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress, ...(total === undefined ? {} : { total }), message } });
    },
  };
  try {
    const out = def.output.parse(await def.run(input.data, ctx)) as Record<string, unknown>;
    return { content: [{ type: "text", text: JSON.stringify(out, null, 2) }], structuredContent: out };
  } catch (err) {
    return toolError(err);
  }
}
