import { z } from "zod";
import { RegistryDocumentError } from "./errors.js";
import { A2A_PROTOCOL_VERSION } from "./agentCard.js";

/** The `type` every ERC-8004 registration file declares. */
export const REGISTRATION_TYPE = "https://eips.ethereum.org/EIPS/eip-8004#registration-v1";

export const RegistrationService = z.looseObject({
  /** "A2A", "MCP", "web", "ENS", ... */
  name: z.string().min(1).max(64),
  /** For A2A: the URL of the Agent Card. */
  endpoint: z.string().min(1).max(65_536),
  version: z.string().max(32).optional(),
});

/**
 * The ERC-8004 registration file an agent URI points to. Only `type`, `name` and an A2A service
 * are required here; the other standard fields are checked when present and unknown ones kept.
 */
export const RegistrationFile = z.looseObject({
  type: z.literal(REGISTRATION_TYPE),
  name: z.string().min(1).max(128),
  description: z.string().max(2_000).optional(),
  image: z.string().max(2_048).optional(),
  services: z.array(RegistrationService).min(1).max(16),
  active: z.boolean().optional(),
  /** Where this agent is registered: `eip155:<chainId>:<registry>` and its id there. */
  registrations: z
    .array(z.looseObject({ agentId: z.union([z.number().int().nonnegative(), z.string().regex(/^[0-9]{1,78}$/)]), agentRegistry: z.string().max(128) }))
    .max(16)
    .optional(),
  supportedTrust: z.array(z.string().max(64)).max(8).optional(),
});
export type RegistrationFile = z.infer<typeof RegistrationFile>;

export interface RegistrationInput {
  name: string;
  description: string;
  /** Where the Agent Card is (https://, ipfs:// or a data: URI). */
  cardUri: string;
  chainId: number;
  registry: string;
  agentId: bigint;
}

/**
 * A registration file listing the agent's A2A service (its Agent Card) and its registry entry.
 *
 * @example buildRegistrationFile({ name: "ada", description: "...", cardUri, chainId, registry, agentId })
 */
export function buildRegistrationFile(input: RegistrationInput): RegistrationFile {
  return parseRegistrationFile({
    type: REGISTRATION_TYPE,
    name: input.name,
    description: input.description,
    services: [{ name: "A2A", endpoint: input.cardUri, version: A2A_PROTOCOL_VERSION }],
    active: true,
    registrations: [{ agentId: input.agentId.toString(), agentRegistry: `eip155:${input.chainId}:${input.registry}` }],
    supportedTrust: ["reputation"],
  });
}

/** Checks a registration file from outside; a failure is a RegistryDocumentError `REGISTRY_DOC_INVALID`. */
export function parseRegistrationFile(json: unknown): RegistrationFile {
  const parsed = RegistrationFile.safeParse(json);
  if (!parsed.success) throw new RegistryDocumentError("REGISTRY_DOC_INVALID", "invalid ERC-8004 registration file", { issues: z.prettifyError(parsed.error) });
  return parsed.data;
}

/** The Agent Card URI from the file's A2A service; `REGISTRY_FILE_NO_A2A` when there is none. */
export function a2aCardUri(file: RegistrationFile): string {
  // A service name is text the agent wrote: "A2A" and "a2a" both name the A2A service.
  const a2a = file.services.find((s) => s.name.toLowerCase() === "a2a");
  if (!a2a) throw new RegistryDocumentError("REGISTRY_FILE_NO_A2A", "the registration file lists no A2A service", { services: file.services.map((s) => s.name) });
  return a2a.endpoint;
}
