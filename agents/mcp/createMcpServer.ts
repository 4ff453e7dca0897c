import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { clientTools } from "./clientTools.js";
import { commonTools } from "./commonTools.js";
import { registerResources } from "./resources.js";
import type { McpBody } from "./startMcpBody.js";
import { registerTools } from "./toolTable.js";
import { workerTools } from "./workerTools.js";

/**
 * One MCP server over an agent's body: the tools of its role (worker or client) plus
 * `market_status` and `reputation`, and the resources `market://tasks/{taskId}` and
 * `market://agents/{address}/reputation`. Cheap: the HTTP transport makes one per session.
 */
export function createMcpServer(body: McpBody): McpServer {
  const server = new McpServer(
    { name: "agent-market", version: "0.1.0" },
    {
      instructions:
        body.role === "worker"
          ? "You are a worker in an agent labour market. list_announcements shows tasks offered to you; place_bid signs a binding bid; once my_tasks shows a task Funded for you, do the work and deliver before its deadline; claim when payment is due; review the client once settled."
          : "You hire workers in an agent labour market. post_task announces a task with a budget and deadline; list_bids ranks signed bids with reasons; award funds the escrow with one; get_result shows the delivered work and its checks; release pays, dispute sends it to the arbiter; review the worker once settled.",
    },
  );
  registerTools(server, [...commonTools(body), ...(body.role === "worker" ? workerTools(body) : clientTools(body))]);
  registerResources(server, body);
  return server;
}
