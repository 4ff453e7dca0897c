// `npm run verify-review -- <reviewId | file.json>`: checks a review's proof against the root on
// chain, in TypeScript and with the contract, and its task facts against the escrow's events. Env:
// INDEXER_URL, RPC_URL, ANCHOR_ADDRESS and ESCROW_ADDRESS (else the Ignition deployment of the RPC's
// chain). Exits 1 on any mismatch, 2 on bad usage/config.
import { createPublicClient, http } from "viem";
import { z } from "zod";
import { isAgentError } from "../agents/errors.js";
import { DEFAULT_INDEXER_URL } from "../agents/indexer/client.js";
import { resolveContract } from "../agents/indexer/config.js";
import { formatReport, loadReviewResponse, verifyReview } from "../agents/indexer/verifyReview.js";
import { AddressString } from "../agents/protocol/codecs.js";

const Env = z.object({
  INDEXER_URL: z.string().url().default(DEFAULT_INDEXER_URL),
  RPC_URL: z.string().url().default("http://127.0.0.1:8545"),
  ANCHOR_ADDRESS: AddressString.optional(),
  ESCROW_ADDRESS: AddressString.optional(),
});

try {
  const arg = process.argv[2];
  if (!arg) throw new Error("usage: npm run verify-review -- <reviewId | file.json>");
  const env = Env.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)));
  const publicClient = createPublicClient({ transport: http(env.RPC_URL) });
  const { address: anchor } = await resolveContract("anchor", env.ANCHOR_ADDRESS, await publicClient.getChainId());
  const escrow = await resolveContract("escrow", env.ESCROW_ADDRESS, await publicClient.getChainId());
  const response = await loadReviewResponse(arg, env.INDEXER_URL);
  const report = await verifyReview({ response, publicClient, anchor, escrow: escrow.address, fromBlock: escrow.block });
  console.log(formatReport(report));
  process.exitCode = report.ok ? 0 : 1;
} catch (err) {
  console.error(isAgentError(err) ? `${err.code}: ${err.shortMessage}` : err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
}
