import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { BlankEnv } from "hono/types";
import type { Address } from "viem";
import { JurorRecordResponse, TeamsResponse } from "./juryTeamSchemas.js";
import { AddressParam, ErrorBody } from "./schemas.js";

const json = <S extends typeof JurorRecordResponse | typeof TeamsResponse | typeof ErrorBody>(schema: S, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const errors = {
  400: json(ErrorBody, "INVALID_INPUT"),
  429: json(ErrorBody, "RATE_LIMITED: the client's token bucket is empty"),
  500: json(ErrorBody, "INTERNAL: an unexpected failure"),
  503: json(ErrorBody, "CHAIN_UNAVAILABLE: the chain or the database could not be read"),
} as const;

export const jurorRoute = createRoute({
  method: "get",
  path: "/agents/{address}/juror",
  summary: "An agent's record as a juror",
  description: "From JuryArbiter's events: seats in ended cases, reveals, no-shows, and each revealed vote's distance from the panel's median (the ruling).",
  request: { params: AddressParam },
  responses: { 200: json(JurorRecordResponse, "the juror's record"), ...errors },
});

export const teamsRoute = createRoute({
  method: "get",
  path: "/agents/{address}/teams",
  summary: "The teams an agent belongs to",
  description: "From TeamAccountFactory's TeamCreated events: each team's members and fixed shares. A review of a team counts in each member's reputation with its share as weight.",
  request: { params: AddressParam },
  responses: { 200: json(TeamsResponse, "the teams"), ...errors },
});

/** GET /agents/:address/juror and GET /agents/:address/teams. */
export function juryTeamRoutes(
  app: OpenAPIHono<BlankEnv>,
  api: { jurorRecord(address: Address): Promise<JurorRecordResponse>; teams(address: Address): Promise<TeamsResponse> },
): void {
  app.openapi(jurorRoute, async (c) => c.json(await api.jurorRecord(c.req.valid("param").address), 200));
  app.openapi(teamsRoute, async (c) => c.json(await api.teams(c.req.valid("param").address), 200));
}
