import type { Hono } from "hono";
import type { z } from "zod";
import { AgentIdParam, AgentListQuery, type AgentListResponse, type RegisteredAgentResponse } from "./agentSchemas.js";

/**
 * GET /agents?skills=code,audit: the registered agents whose checked card has every skill (the
 * capability filter's input); GET /agents/:id: one agent, with its card's state.
 */
export function agentRoutes(
  app: Hono,
  api: { agents(skills: readonly string[]): Promise<AgentListResponse>; agent(agentId: bigint): Promise<RegisteredAgentResponse> },
  parse: <S extends z.ZodType>(schema: S, v: unknown) => z.output<S>,
): void {
  app.get("/agents", async (c) => {
    const { skills } = parse(AgentListQuery, c.req.query());
    return c.json(await api.agents(skills));
  });

  app.get("/agents/:id", async (c) => {
    const { id } = parse(AgentIdParam, c.req.param());
    return c.json(await api.agent(BigInt(id)));
  });
}
