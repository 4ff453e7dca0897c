export * from "./agentCard.js";
export * from "./cardSignature.js";
export * from "./canonicalJson.js";
export * from "./errors.js";
export * from "./fetchDocument.js";
export * from "./registerAgent.js";
export * from "./registrationFile.js";
export * from "./ensureRegistered.js";
