import { describe, it } from "mocha";
import { expect } from "chai";
import { AnchorConflictError } from "../../agents/indexer/errors.js";
import { runIndexerLoop } from "../../agents/indexer/server.js";

describe("indexer loop", () => {
  it("retries after a transient failure and stops for good on an anchor conflict", async () => {
    let ticks = 0;
    const errors: unknown[] = [];
    let fatal: unknown;
    const loop = runIndexerLoop(
      {
        ingestOnce: async () => {
          ticks++;
          if (ticks === 1) throw new Error("RPC down");
          return { nextBlock: 0n, events: 0 };
        },
        closeDueEpochs: async () => {
          if (ticks === 3) throw new AnchorConflictError(7n, "0x01", "0x02");
          return [];
        },
      },
      { intervalMs: 1, onError: (e) => errors.push(e), onFatal: (e) => (fatal = e) },
    );
    await loop.done;
    expect(ticks).to.equal(3);
    expect(errors.map(String)).to.deep.equal(["Error: RPC down"]);
    expect(fatal).to.be.instanceOf(AnchorConflictError);
  });

  it("stops promptly when asked", async () => {
    let ticks = 0;
    const loop = runIndexerLoop(
      { ingestOnce: async () => ({ nextBlock: BigInt(++ticks), events: 0 }), closeDueEpochs: async () => [] },
      { intervalMs: 60_000 },
    );
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await loop.stop();
    expect(Date.now() - started).to.be.below(1_000);
    expect(ticks).to.equal(1);
  });
});
