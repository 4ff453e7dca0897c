import type { JuryArbiterClient } from "../chain/juryArbiter.js";

export type { CaseStatus, JuryCase } from "../chain/juryArbiter.js";

/**
 * One juror's handle on JuryArbiter (its wallet signs every write): pool membership, the steps
 * anyone may take on a case (open, draw, execute, lapse) and its own commit and reveal. The viem
 * binding `createJuryArbiter` is one; a test double or another chain's binding fits as well.
 */
export type JuryPort = Pick<
  JuryArbiterClient,
  | "address"
  | "account"
  | "joinPool"
  | "inPool"
  | "caseOf"
  | "panelOf"
  | "settings"
  | "hasCommitted"
  | "hasRevealed"
  | "openCase"
  | "drawPanel"
  | "commit"
  | "reveal"
  | "execute"
  | "lapse"
  | "blockNumber"
>;
