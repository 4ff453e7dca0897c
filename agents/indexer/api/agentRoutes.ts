import type { OpenAPIHono } from "@hono/zod-openapi";
import type { BlankEnv } from "hono/types";
import type { AgentListResponse, RegisteredAgentResponse } from "./agentSchemas.js";
import { agentListRoute, agentRoute } from "./routes.js";

/**
 * GET /agents?skills=code,audit: the registered agents whose checked card has every skill (the
 * capability filter's input); GET /agents/:id: one agent, with its card's state.
 */
export function agentRoutes(
  app: OpenAPIHono<BlankEnv>,
  api: { agents(skills: readonly string[]): Promise<AgentListResponse>; agent(agentId: bigint): Promise<RegisteredAgentResponse> },
): void {
  app.openapi(agentListRoute, async (c) => c.json(await api.agents(c.req.valid("query").skills), 200));
  app.openapi(agentRoute, async (c) => c.json(await api.agent(BigInt(c.req.valid("param").id)), 200));
}
