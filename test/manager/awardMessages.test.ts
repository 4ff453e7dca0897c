import { describe, it } from "mocha";
import { secondTaskWhileHeld } from "../agents/fixtures/secondTaskWhileHeld.js";

describe("manager: award messages", function () {
  this.timeout(60_000);

  it("an award message still on its way holds up none of the manager's other tasks: the next task is funded meanwhile, and both complete once it arrives", () =>
    // Before, the manager's queue waited for the first award's delivery: the second task's bids were never taken.
    secondTaskWhileHeld({ held: "award", name: "award", what: "the second task funded while the first award is held", progressed: (m, second) => m.manager.task(second)?.phase === "awarded" }));
});
