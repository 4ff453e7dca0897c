// The reputation indexer's public surface, for the demo and the agents.
export { createIndexer, type Indexer } from "./createIndexer.js";
export type { IndexerOptions } from "./indexerOptions.js";
export { startIndexerServer, runIndexerLoop } from "./server.js";
export { IndexerClient, IndexerHttpError, IndexerUnavailableError } from "./client.js";
export { openDb } from "./db/openDb.js";
export type { Db } from "./db/Db.js";
export { viemAnchorPort } from "./anchorPort.js";
export type { AnchorPort } from "./closeEpoch.js";
export { verifyReview, loadReviewResponse, formatReport, type VerifyReviewReport } from "./verifyReview.js";
export { reputation, SCORE_PARAMS, type Reputation, type ScoreInput } from "./scores.js";
export { encodeDataset, datasetHash, DATASET_FORMAT } from "./dataset.js";
export { epochOf, epochBounds, DAY_SECONDS } from "./epochs.js";
export * from "./errors.js";
export * from "./api/schemas.js";
