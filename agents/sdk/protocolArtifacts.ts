import { readArtifact } from "../chain/readArtifact.js";
import { createApp, OPENAPI_INFO } from "../indexer/api/app.js";
import type { IndexerApi } from "../indexer/api/app.js";
import { bidTypes, BID_DOMAIN_NAME, BID_DOMAIN_VERSION, REVIEW_DOMAIN_NAME, REVIEW_DOMAIN_VERSION, reviewTypes } from "../protocol/eip712.js";
import { resultTypes } from "../protocol/resultTypedData.js";
import { ENVELOPE_DOMAIN_NAME, ENVELOPE_DOMAIN_VERSION, envelopeTypes } from "../protocol/envelope.js";
import { jsonSchemaOf, WIRE_SCHEMAS, wireJsonSchema, type WireSchemaName } from "../protocol/jsonSchemas.js";
import { agentCardTypes, agentWalletSetTypes, CARD_DOMAIN_NAME, CARD_DOMAIN_VERSION, IDENTITY_DOMAIN_NAME, IDENTITY_DOMAIN_VERSION } from "../protocol/identity712.js";
import { AgentCard } from "../registry/agentCard.js";
import { RegistrationFile } from "../registry/registrationFile.js";
import { SystemFaultError } from "../errors.js";

/** One generated file, by its path from the repository root. */
export interface ProtocolArtifact {
  path: string;
  content: string;
}

/** Where the artefacts live; `npm run protocol:export` writes them and a test keeps them current. */
export const ARTIFACTS_DIR = "docs/protocol";

/** The contracts an outside agent talks to, by Hardhat source: their ABIs are exported. */
export const EXPORTED_CONTRACTS = [
  ["contracts/TaskEscrow.sol", "TaskEscrow"],
  ["contracts/ReputationAnchor.sol", "ReputationAnchor"],
  ["contracts/IdentityRegistry.sol", "IdentityRegistry"],
] as const;

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** The indexer's OpenAPI document is read from its real app; no request is ever served by this one. */
const documentOnly = new Proxy({} as IndexerApi, {
  get: (_t, method) => () => {
    throw new SystemFaultError("the document-only indexer app serves no requests", { code: "DOCUMENT_ONLY", details: { method: String(method) } });
  },
});

/** The OpenAPI 3.1 document the indexer serves at `/openapi.json`. */
export function indexerOpenApiDocument(): object {
  return createApp(documentOnly, { bodyLimit: 16 * 1024 }).getOpenAPI31Document(OPENAPI_INFO);
}

/**
 * Every machine-readable protocol artefact: a JSON Schema per wire message, the EIP-712 domains
 * and types, the contracts' ABIs and the indexer's OpenAPI document, each as the exact text of
 * its file. Pure apart from reading the compiled ABIs (run `hardhat build` first).
 *
 * @example
 * for (const a of protocolArtifacts()) writeFileSync(a.path, a.content);
 */
export function protocolArtifacts(): ProtocolArtifact[] {
  const schemas = (Object.keys(WIRE_SCHEMAS) as WireSchemaName[]).map((name) => ({
    path: `${ARTIFACTS_DIR}/schemas/${name}.json`,
    content: json(wireJsonSchema(name)),
  }));
  // What a newcomer publishes when it registers (docs/PROTOCOL.md section 9).
  const joining = ([["agent-card", AgentCard], ["registration-file", RegistrationFile]] as const).map(([name, schema]) => ({
    path: `${ARTIFACTS_DIR}/schemas/${name}.json`,
    content: json(jsonSchemaOf(name, schema)),
  }));
  const abis = EXPORTED_CONTRACTS.map(([source, name]) => ({
    path: `${ARTIFACTS_DIR}/abi/${name}.json`,
    content: json(readArtifact(source, name).abi),
  }));
  const eip712 = {
    path: `${ARTIFACTS_DIR}/eip712.json`,
    content: json({
      domains: {
        bid: { name: BID_DOMAIN_NAME, version: BID_DOMAIN_VERSION, chainId: "the chain's id", verifyingContract: "the TaskEscrow address" },
        result: { name: BID_DOMAIN_NAME, version: BID_DOMAIN_VERSION, chainId: "the chain's id", verifyingContract: "the TaskEscrow address" },
        review: { name: REVIEW_DOMAIN_NAME, version: REVIEW_DOMAIN_VERSION, chainId: "the chain's id", verifyingContract: "the TaskEscrow address" },
        envelope: {
          name: ENVELOPE_DOMAIN_NAME,
          version: ENVELOPE_DOMAIN_VERSION,
          chainId: "the chain's id",
          verifyingContract: "the TaskEscrow address",
          salt: "the identity registry's address, left-padded to 32 bytes",
        },
        agentCard: { name: CARD_DOMAIN_NAME, version: CARD_DOMAIN_VERSION, chainId: "the chain's id", verifyingContract: "the IdentityRegistry address" },
        agentWalletSet: { name: IDENTITY_DOMAIN_NAME, version: IDENTITY_DOMAIN_VERSION, chainId: "the chain's id", verifyingContract: "the IdentityRegistry address" },
      },
      types: { ...bidTypes, ...resultTypes, ...reviewTypes, ...envelopeTypes, ...agentCardTypes, ...agentWalletSetTypes },
    }),
  };
  return [...schemas, ...joining, eip712, ...abis, { path: `${ARTIFACTS_DIR}/openapi.json`, content: json(indexerOpenApiDocument()) }];
}
