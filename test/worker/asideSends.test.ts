import { describe, it } from "mocha";
import { secondTaskWhileHeld } from "../agents/fixtures/secondTaskWhileHeld.js";
import { aliceLlm, profiles } from "../agents/fixtures/localMarket.js";

describe("worker: sends beside the queue", function () {
  this.timeout(60_000);
  const market = { workers: [{ profile: profiles.alice, llm: aliceLlm }] };

  it("a bid still on its way to the manager holds up no other announcement: the worker signs its next bid meanwhile", () =>
    // Before, the worker's queue waited for the first bid's delivery: the second announcement was never priced.
    secondTaskWhileHeld({ held: "bid", name: "bid", market, what: "the second bid signed while the first is held", progressed: (m, second) => !!m.workers[0]!.record(second)?.bid }));

  it("a result still on its way to the client holds up no other task: the worker bids on, wins and submits the next one meanwhile", () =>
    // Before, the worker's queue waited for the first result's receipt: the second announcement was never bid on.
    secondTaskWhileHeld({ held: "result", name: "result", market, what: "the second result on its way too", progressed: (_m, _second, held) => held.length === 2 }));
});
