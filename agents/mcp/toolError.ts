import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { isAgentError, safeStringify } from "../errors.js";

/** Where a tool error's code and details travel besides its text (`_meta` of the CallToolResult). */
export const ERROR_META_KEY = "agent-market/error";

/**
 * A failed tool call as MCP wants it (`isError: true`, so the host's model sees it and can act),
 * its text starting with the project's error code, and the code and details in `_meta`.
 * Accepts an AgentError (its code, short message and details), any other error (`INTERNAL`),
 * or a code and message.
 *
 * @example return toolError("TASK_UNKNOWN", "no task 0x12…; call my_tasks for yours");
 */
export function toolError(errOrCode: unknown, message?: string, details: Record<string, unknown> = {}): CallToolResult {
  let code: string;
  let text: string;
  let info: Record<string, unknown>;
  if (typeof errOrCode === "string" && message !== undefined) {
    [code, text, info] = [errOrCode, message, details];
  } else if (isAgentError(errOrCode)) {
    [code, text, info] = [errOrCode.code, errOrCode.shortMessage, JSON.parse(safeStringify(errOrCode.details)) as Record<string, unknown>];
  } else {
    const first = errOrCode instanceof Error ? errOrCode.message.split("\n")[0]! : String(errOrCode);
    [code, text, info] = ["INTERNAL", first, {}];
  }
  return { isError: true, content: [{ type: "text", text: `${code}: ${text}` }], _meta: { [ERROR_META_KEY]: { code, message: text, details: info } } };
}

/** A zod failure of a tool's arguments: `TOOL_INPUT_INVALID`, naming every bad field. */
export function toolErrorFromZod(tool: string, error: z.ZodError): CallToolResult {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(arguments)", message: i.message }));
  const list = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  return toolError("TOOL_INPUT_INVALID", `bad arguments for ${tool}: ${list}; fix them and call again`, { issues });
}
