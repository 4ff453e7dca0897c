import { describe, it } from "mocha";
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import type { Hex } from "viem";
import { FileStore } from "../../agents/runtime/FileStore.js";
import { MemoryStore } from "../../agents/runtime/MemoryStore.js";
import { AgentTaskStore } from "../../agents/runtime/TaskStore.js";

interface Rec {
  phase: "bidding" | "awarded";
  bids: number[];
}

const id = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;

describe("AgentTaskStore", () => {
  it("keeps one typed record per task across a restart on the same file, whatever the id's case", () => {
    const path = `${mkdtempSync(`${tmpdir()}/task-store-`)}/state.json`;
    const before = new AgentTaskStore<Rec>(new FileStore(path));
    before.save(id(0xab), { phase: "bidding", bids: [1] });
    before.save(id(2), { phase: "awarded", bids: [] });
    before.save(id(0xab).toUpperCase().replace("0X", "0x") as Hex, { phase: "awarded", bids: [1, 2] });
    const after = new AgentTaskStore<Rec>(new FileStore(path));
    expect(after.load(id(0xab))).to.deep.equal({ phase: "awarded", bids: [1, 2] });
    expect(after.list()).to.deep.equal([
      [id(0xab), { phase: "awarded", bids: [1, 2] }],
      [id(2), { phase: "awarded", bids: [] }],
    ]);
    expect(after.load(id(3))).to.equal(undefined);
  });

  it("hands out copies: changing a loaded record changes nothing until it is saved", () => {
    const tasks = new AgentTaskStore<Rec>(new MemoryStore());
    const rec: Rec = { phase: "bidding", bids: [] };
    tasks.save(id(1), rec);
    rec.bids.push(9);
    tasks.load(id(1))!.bids.push(7);
    expect(tasks.load(id(1))).to.deep.equal({ phase: "bidding", bids: [] });
  });
});
