import { describe, it } from "mocha";
import { expect } from "chai";
import { readThrough } from "../../agents/readThrough.js";

describe("readThrough (a cache of async reads: registry wallets, managers' standing)", () => {
  it("attack: keys asked once each (a flood of new senders) do not pile up: answers older than ttlMs are dropped as new reads start", async () => {
    let clock = 0;
    const cache = readThrough<number, number>({ ttlMs: 1_000, now: () => clock });
    for (let k = 0; k < 500; k++) await cache.get(k, async () => k);
    expect(cache.size()).to.equal(500);
    clock = 1_000;
    await cache.get(-1, async () => -1);
    expect(cache.size(), "only the new key").to.equal(1);
  });

  it("a read under way is never dropped, and its answer counts from when it arrives", async () => {
    let clock = 0;
    let reads = 0;
    const cache = readThrough<string, number>({ ttlMs: 1_000, now: () => clock });
    let finish!: (v: number) => void;
    const slow = cache.get("a", () => (reads++, new Promise<number>((resolve) => (finish = resolve))));
    clock = 5_000;
    await cache.get("b", async () => 2); // sweeps expired answers: "a" is still being read
    expect(cache.get("a", async () => (reads++, 0))).to.equal(slow);
    finish(1);
    expect(await slow).to.equal(1);
    clock = 5_999;
    expect(await cache.get("a", async () => (reads++, 0))).to.equal(1);
    expect(reads).to.equal(1);
  });

  it("an answer `keep` refuses (not there yet) is read again next time; a kept one is not", async () => {
    let reads = 0;
    let built = false;
    const cache = readThrough<string, string | null>({ ttlMs: Infinity, keep: (v) => v !== null });
    const read = async () => (reads++, built ? "layout" : null);
    expect(await cache.get("epoch", read)).to.equal(null);
    expect(cache.size(), "null is not kept").to.equal(0);
    built = true;
    expect(await cache.get("epoch", read)).to.equal("layout");
    expect(await cache.get("epoch", read)).to.equal("layout");
    expect(reads).to.equal(2);
  });
});
