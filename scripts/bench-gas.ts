import { network } from "hardhat";
import { measureEscrowGas } from "../agents/bench/measureEscrowGas.js";
import { measureAnchorGas } from "../agents/bench/measureAnchorGas.js";
import { measureJuryGas } from "../agents/bench/measureJuryGas.js";

// Thin entry: `npm run bench:gas` prints {"escrow": {...}, "anchor": {...}} on stdout and a table on stderr.
const { viem, networkHelpers } = await network.create();
const publicClient = await viem.getPublicClient();
const [owner, client, worker, arbiter, feeRecipient] = await viem.getWalletClients();
if (!owner || !client || !worker || !arbiter || !feeRecipient) throw new Error("need five accounts");

// Timestamps end up in calldata (deadlines); a fixed start keeps the figures reproducible.
await networkHelpers.time.increaseTo(1_900_000_000);
const escrow = await measureEscrowGas({
  publicClient,
  wallets: { owner, client, worker, arbiter, feeRecipient },
  increaseTime: async (s) => {
    await networkHelpers.time.increase(s);
  },
});

// Goals of issue 11 (after its security fixes): internal-balance happy path and token-moving default.
const budget = 142_000;
const transferBudget = 175_000;
console.error("TaskEscrow gas (receipt gasUsed, fee 1%, no referrer, warm balances)");
console.error("  fund/submit/release/happyPath: fundFromCredit + submitForCredit + releaseCompact (fee deferred to collectFees);");
console.error("  *WithTransfer(s): default path (transferFrom in, transfer out); settlement rows: default path");
for (const [k, v] of Object.entries(escrow)) console.error(`  ${k.padEnd(20)} ${String(v).padStart(8)}`);
console.error(`  happyPath budget     ${String(budget).padStart(8)} ${escrow.happyPath <= budget ? "met" : "MISSED"}`);
console.error(`  transfers budget     ${String(transferBudget).padStart(8)} ${escrow.happyPathWithTransfers <= transferBudget ? "met" : "MISSED"}`);
const anchor = await measureAnchorGas({ publicClient: publicClient as never, wallet: owner as never });
const anchorBudget = 100_000;
console.error("ReputationAnchor gas (receipt gasUsed of anchor(); UTC-day epochs)");
console.error(`  firstAnchor          ${String(anchor.firstAnchor).padStart(8)}`);
console.error(`  anchor               ${String(anchor.anchor).padStart(8)} ${anchor.anchor <= anchorBudget ? "met" : "MISSED"} (budget ${anchorBudget})`);
const { jury, team } = await measureJuryGas({ viem, increaseTime: (s) => networkHelpers.time.increase(s), mine: () => networkHelpers.mine(1) });
console.error("JuryArbiter gas (one 5-juror case; commit and reveal per juror; execute includes the escrow's rule)");
for (const [k, v] of Object.entries(jury)) console.error(`  ${k.padEnd(20)} ${String(v).padStart(8)}`);
console.error("TeamAccount gas (three members; distribute pays warm balances)");
for (const [k, v] of Object.entries(team)) console.error(`  ${k.padEnd(20)} ${String(v).padStart(8)}`);
console.log(JSON.stringify({ escrow, anchor, jury, team }));
