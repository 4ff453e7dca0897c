import { UserInputError } from "../errors.js";

/** Why a registration file or Agent Card was refused. */
export type RegistryDocumentCode =
  | "REGISTRY_DOC_UNREACHABLE"
  | "REGISTRY_DOC_TOO_LARGE"
  | "REGISTRY_DOC_NOT_JSON"
  | "REGISTRY_DOC_INVALID"
  | "REGISTRY_FILE_NO_A2A"
  | "CARD_WRONG_AGENT"
  | "CARD_WRONG_WALLET"
  | "CARD_BAD_SIGNATURE";

/**
 * A registration file or Agent Card from outside (a host, a data: URI) is malformed, unreachable
 * or not signed by the agent's registered wallet. Its `code` says which; `details` name the values.
 *
 * @example
 * try { await verifyAgentCard(card, expected); } catch (e) { if (e instanceof RegistryDocumentError) skip(agentId, e.code); }
 */
export class RegistryDocumentError extends UserInputError {
  override name = "RegistryDocumentError" as const;
  declare readonly code: RegistryDocumentCode;

  constructor(code: RegistryDocumentCode, shortMessage: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(shortMessage, { code, details, cause });
  }
}
