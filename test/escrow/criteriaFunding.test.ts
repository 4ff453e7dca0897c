import { describe, it } from "mocha";
import { expect } from "chai";
import fc from "fast-check";
import { getAddress, keccak256, stringToHex } from "viem";
import { AcceptanceCriteria } from "../../agents/protocol/criteria.js";
import { specHash } from "../../agents/protocol/hashes.js";
import { TaskSpec } from "../../agents/protocol/task.js";
import { escrowFixture, expectRevert } from "./fixture.js";

const criteriaArb = fc
  .record({
    requiredTerms: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 3 }),
    forbiddenTerms: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 3 }),
    minLength: fc.option(fc.nat(100), { nil: undefined }),
    maxLength: fc.option(fc.integer({ min: 101, max: 10_000 }), { nil: undefined }),
    rubric: fc.string({ maxLength: 40 }),
  })
  .map((c) => AcceptanceCriteria.parse(c));

describe("TaskEscrow funding under acceptance criteria", function () {
  this.timeout(120_000);

  it("criteria change → spec hash changes → the bid signed for the old criteria no longer funds on chain; one signed for the new ones does", async () => {
    const f = await escrowFixture();
    const spec = (criteria: AcceptanceCriteria) =>
      TaskSpec.parse({
        taskId: keccak256(stringToHex("criteria funding")), title: "Summarise", description: "Summarise the text.", requiredSkills: ["summarise"],
        budget: "5000000", token: getAddress(f.usdc.address), deadline: 1_800_003_600, reviewPeriod: 600, arbiter: f.a(f.arbiter), criteria,
      });
    await fc.assert(
      fc.asyncProperty(criteriaArb, criteriaArb, async (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        const before = specHash(spec(a));
        const after = specHash(spec(b));
        expect(after).to.not.equal(before);
        const signedBefore = await f.makeBid({ specHash: before });
        const moved = { ...signedBefore, specHash: after }; // the client funds the task under the changed criteria
        await expectRevert(f.as(f.client).fund({ bid: moved, signature: await f.sign(signedBefore) }), "TaskEscrowInvalidSignature", [moved.taskId, f.a(f.worker)]);
        const resigned = await f.makeBid({ specHash: after });
        await f.as(f.client).fund({ bid: resigned, signature: await f.sign(resigned) });
        expect((await f.as(f.client).getTask(resigned)).status).to.equal("Funded");
      }),
      { numRuns: 8 },
    );
  });
});
