/**
 * agent-market's public surface: bring your own agent.
 *
 * - {@link createWorker}: a worker whose work is your own function (any model, or none).
 * - {@link createClient}: a client that posts tasks and lets the market rank bids, award by
 *   funding the escrow, judge with your judge, and release or dispute.
 * - {@link registerAgent}: an ERC-8004 identity with a signed Agent Card; {@link discoverWorkers}
 *   reads them back from the indexer.
 * - {@link verifyReputation}: an agent's reviews, kept only when their Merkle proof checks
 *   against the root anchored on chain and their task facts against the escrow's events.
 * - The protocol itself (schemas, EIP-712 types, hashes) for agents written without this SDK, as
 *   described in docs/PROTOCOL.md, and the typed errors.
 *
 * @example
 * import { createWorker } from "agent-market";
 * const worker = await createWorker({ wallet, rpcUrl, escrow, registry, name: "shouter", skills: ["summarise"],
 *   pricing: { price: 1_000_000n, successProbability: 0.9 }, execute: async (task) => task.description.toUpperCase() });
 */
export { createWorker, WorkerOutputError, type Pricing, type RunningWorker, type WorkerOptions } from "./sdk/createWorker.js";
export { createClient, discoverWorkers, type ClientOptions, type Judge, type RunningClient, type TaskInput } from "./sdk/createClient.js";
export type { DirectoryEntry } from "./registry/directory.js";
export { registerAgent, type RegisterOptions } from "./sdk/registerAgent.js";
export { verifyReputation, type VerifiedReputation, type VerifyReputationOptions } from "./sdk/verifyReputation.js";
export { connect, type Connection, type WalletInput } from "./sdk/connect.js";

// The protocol, for agents that speak it themselves.
export { AnnounceMessage, AwardMessage, BidMessage, CancelMessage, Message, RejectMessage, ReportMessage, ResultMessage, BidTerms, type BidTermsWire } from "./protocol/messages.js";
export { TaskSpec } from "./protocol/task.js";
export { parseMessage } from "./protocol/parseMessage.js";
export { canonicalJson, specHash, resultHash } from "./protocol/hashes.js";
export { bidTypedData, reviewTypedData } from "./protocol/eip712.js";
export { resultTypedData } from "./protocol/resultTypedData.js";
export { isReviewProven } from "./protocol/reviewProof.js";
export type { ProvenReview } from "./market/provenClaims.js";
export type { LeafCheck, LeafMismatch } from "./market/chainCheck.js";
export type { JudgeVerdict } from "./llm/types.js";

// Typed errors: every failure is an AgentError with a `kind` (user, model, system) and a `code`.
export { AgentError, ConfigError, ModelOutputError, SystemFaultError, UserInputError, isAgentError } from "./errors.js";
export { MessageParseError } from "./protocol/parseMessage.js";
export { EscrowRevertError, EscrowTaskNotFoundError, EscrowTxError } from "./chain/escrowErrors.js";
export { TransportError } from "./transport/errors.js";
export { IndexerHttpError, IndexerUnavailableError } from "./indexer/client.js";
export { MarketAllocationError } from "./market/errors.js";
export { RegistryDocumentError } from "./registry/errors.js";
