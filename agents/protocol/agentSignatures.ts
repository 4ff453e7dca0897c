import { createSignatureCheck } from "./signatureCheck.js";

/**
 * The one signature check of an agent process: every A2A envelope (verifyEnvelope.ts), every
 * bid's terms (manager/checkBid.ts) and every delivered result (manager/checkResult.ts). A peer
 * signs all three with one key, so the key is recovered once for all of them: from its second
 * signature on it gets window-4 tables (about 4 recoveries' CPU, then a third of a recovery per
 * signature), and window-8 tables after 64 more. Same yes or no as viem's recovery either way
 * (signatureCheck.ts). Before, the envelope and the bid check each learned every peer's key on
 * their own, 16 full recoveries and a window-8 table (about 20 recoveries) apiece.
 *
 * @example
 * if (!agentSignatures.signedBy(digest, signature, worker)) return no("bad-signature", "…");
 */
export const agentSignatures = createSignatureCheck({ maxKeys: 64, tableAfter: 2, tableWindow: 4, upgradeAfter: 64 });
