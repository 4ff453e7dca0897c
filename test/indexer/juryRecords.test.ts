import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, keccak256, stringToHex, toHex, type Address, type Hex, type WalletClient } from "viem";
import { seedReviews } from "../../agents/bench/seedReviews.js";
import { juryMedian } from "../../agents/bench/jury.js";
import { juryCaseId, juryCommitment } from "../../agents/chain/juryCommitment.js";
import { createIndexer } from "../../agents/indexer/createIndexer.js";
import { JurorRecordResponse, TeamsResponse } from "../../agents/indexer/api/juryTeamSchemas.js";
import { ReputationResponse } from "../../agents/indexer/api/schemas.js";
import { escrowFixture } from "../escrow/fixture.js";
import { backends, freshDb, taskIdOf } from "./fixtures.js";

const COMMIT = 3_600n;
const VOTES = [6_000, 7_000, 2_000, 6_500]; // four of five reveal; the fifth never does

/** A real TaskEscrow and JuryArbiter (panel 5, quorum 3) where one disputed task was ruled by four reveals of five. */
async function ruledCase() {
  const f = await escrowFixture();
  const wallets = (await f.viem.getWalletClients()) as unknown as WalletClient[];
  const jurors = wallets.slice(7, 12);
  const registry = await f.viem.deployContract("MockAgentRegistry");
  const jury = await f.viem.deployContract("JuryArbiter", [f.escrow.address, registry.address, 5, 3, Number(COMMIT), Number(COMMIT)]);
  for (const [i, w] of jurors.entries()) {
    await registry.write.register([f.a(w)]);
    await jury.write.joinPool([BigInt(i + 1)], { account: w.account! });
  }
  const { bid, disputedAt } = await f.disputed({ arbiter: jury.address });
  const terms = await f.as(f.client).getTerms(bid);
  const caseId = juryCaseId(f.a(f.client), bid.taskId);
  await jury.write.openCase([bid.taskId, terms]);
  await f.networkHelpers.mine(1);
  await jury.write.drawPanel([caseId]);
  const [, seated] = await jury.read.panelOf([caseId]);
  const panel = seated.map((s) => jurors.find((w) => f.a(w) === s)!);
  const salt = (i: number) => keccak256(stringToHex(`salt ${i}`));
  for (const [i, w] of panel.slice(0, 4).entries()) await jury.write.commit([caseId, juryCommitment(caseId, f.a(w), VOTES[i]!, salt(i))], { account: w.account! });
  await f.at(disputedAt + COMMIT + 1n);
  for (const [i, w] of panel.slice(0, 4).entries()) await jury.write.reveal([caseId, VOTES[i]!, salt(i)], { account: w.account! });
  await f.at(disputedAt + 2n * COMMIT + 1n);
  await jury.write.execute([caseId, terms]);
  return { ...f, jury, panel: panel.map((w) => f.a(w)), caseId };
}

for (const backend of backends()) {
  describe(`indexer jury and team records (${backend})`, function () {
    this.timeout(60_000);

    it("records each juror's distance from the panel's median and its no-shows, served at /agents/:address/juror", async () => {
      const db = await freshDb(backend);
      try {
        const f = await ruledCase();
        const indexer = await createIndexer({ db, publicClient: f.publicClient, escrow: f.escrow.address, confirmations: 0, jury: { address: f.jury.address } });
        expect((await indexer.syncJury()).events).to.equal(1 + 4 + 1); // drawn, four reveals, ruled
        expect((await indexer.syncJury()).events, "exactly once").to.equal(0);
        const median = juryMedian(VOTES);
        expect((await f.jury.read.caseOf([f.caseId])).ruling).to.equal(median);
        const record = async (a: Address) => JurorRecordResponse.parse(await (await indexer.app.request(`/agents/${a}/juror`)).json());
        for (const [i, juror] of f.panel.slice(0, 4).entries()) {
          const r = await record(juror);
          expect(r).to.deep.include({ cases: 1, revealed: 1, missed: 0, meanDistanceBps: Math.abs(VOTES[i]! - median) });
          expect(r.quality).to.be.closeTo(1 - Math.abs(VOTES[i]! - median) / 10_000, 1e-9);
          expect(r.distances).to.deep.equal([{ caseId: f.caseId.toLowerCase(), voteBps: VOTES[i]!, rulingBps: median, distanceBps: Math.abs(VOTES[i]! - median) }]);
        }
        // The juror far from the median ranks below the one at it; the no-show has no vote to measure and counts as missed.
        expect((await record(f.panel[2]!)).quality!).to.be.below((await record(f.panel[0]!)).quality!);
        expect(await record(f.panel[4]!)).to.deep.include({ cases: 1, revealed: 0, missed: 1, meanDistanceBps: null, quality: null });
        expect(await record(f.a(f.stranger))).to.deep.include({ cases: 0, missed: 0, meanDistanceBps: null });
      } finally {
        await db.dispose();
      }
    });

    it("learns teams from TeamAccountFactory's events, and a review of a team credits each member by its share", async () => {
      const db = await freshDb(backend);
      try {
        const f = await escrowFixture();
        const wallets = (await f.viem.getWalletClients()) as unknown as WalletClient[];
        const members = wallets.slice(12, 15).map((w) => f.a(w)).sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
        const shares = [6_000, 3_000, 1_000];
        const factory = await f.viem.deployContract("TeamAccountFactory");
        const team = getAddress(await factory.read.predict([members, shares, members[0]!]));
        await factory.write.create([members, shares, members[0]!]);
        const now = Number((await f.publicClient.getBlock()).timestamp);
        const indexer = await createIndexer({ db, publicClient: f.publicClient, escrow: f.escrow.address, confirmations: 0, clock: () => now, teamFactory: { address: factory.address } });
        expect((await indexer.syncJury()).events).to.equal(1);

        const teams = TeamsResponse.parse(await (await indexer.app.request(`/agents/${members[1]}/teams`)).json());
        expect(teams.teams).to.deep.equal([{ team, shareBps: 3_000, members: members.map((member, i) => ({ member, shareBps: shares[i]! })) }]);

        // Ten five-star reviews of tasks the team did (as ingest stores them), none of any member alone.
        const labels = Array.from({ length: 10 }, (_, i) => `team task ${i}`);
        const client = getAddress(keccak256(toHex("client")).slice(0, 42));
        for (const label of labels)
          await db.query(
            `INSERT INTO tasks (task_id, client, worker, token, amount, status, outcome, funded_block, settled_block) VALUES ($1, $2, $3, $2, '10000', 'released', 'released', 0, 0)`,
            [taskIdOf(label), client, team],
          );
        await seedReviews(db, labels.map((l) => ({ taskId: taskIdOf(l) as Hex, reviewer: client, subject: team, rating: 5, commentHash: keccak256(toHex(l)), timestamp: BigInt(now - 60) })), now, 86_400);

        const rep = async (a: Address) => ReputationResponse.parse(await (await indexer.app.request(`/agents/${a}/reputation`)).json());
        const [big, mid, small] = [await rep(members[0]!), await rep(members[1]!), await rep(members[2]!)];
        // Bayesian (prior 3.5, weight 10): ten reviews weighted by share s → (35 + 50·s) / (10 + 10·s).
        const expected = (s: number) => (3.5 * 10 + 5 * 10 * s) / (10 + 10 * s);
        for (const [r, s] of [[big, 0.6], [mid, 0.3], [small, 0.1]] as const) {
          expect(r.count).to.equal(10);
          expect(r.bayesian).to.be.closeTo(expected(s), 1e-3);
        }
        expect(big.bayesian).to.be.above(mid.bayesian);
        expect(mid.bayesian).to.be.above(small.bayesian);
        expect((await rep(f.a(f.stranger))).count, "a non-member gets nothing").to.equal(0);
      } finally {
        await db.dispose();
      }
    });
  });
}
