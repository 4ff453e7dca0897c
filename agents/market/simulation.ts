/**
 * Seeded market simulation (pure, deterministic): 20 workers with hidden truth, 1,000 tasks,
 * five allocation strategies on the same draws. `npm run bench:market` prints its figures.
 */
export { DEFAULT_SIMULATION, bidOf, makeTasks, makeWorkers } from "./simulation/population.js";
export type { SimTask, SimWorker, SimulationConfig } from "./simulation/population.js";
export { STRATEGIES, runSimulation } from "./simulation/run.js";
export type { SimulationReport, Strategy, StrategyMetrics } from "./simulation/run.js";
export { summariseSimulation } from "./simulation/summary.js";
export type { SimulationSummary } from "./simulation/summary.js";
export { evaluateCollusionDetection, makeReviewPopulation } from "./simulation/reviewRings.js";
export type { CollusionDetector, DetectionReport, ReviewPopulation, ReviewedSubject, SimReview, SubjectKind } from "./simulation/reviewRings.js";
