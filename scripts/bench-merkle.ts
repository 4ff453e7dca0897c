import { network } from "hardhat";
import { measureAnchorGas } from "../agents/bench/measureAnchorGas.js";
import { benchMerkle } from "../agents/bench/merkleBench.js";

// Thin entry: `npm run bench:merkle` prints {"merkle":[...],"anchorGas":N} on stdout, progress on stderr.
// MERKLE_SIZES (comma-separated) and MERKLE_THREADS override the defaults.
const sizes = (process.env.MERKLE_SIZES ?? "1000,100000,1000000").split(",").map(Number);
const threads = process.env.MERKLE_THREADS === undefined ? undefined : Number(process.env.MERKLE_THREADS);

const merkle = await benchMerkle(sizes, { log: (line) => console.error(line), ...(threads === undefined ? {} : { threads }) });

const { viem } = await network.create();
const [wallet] = await viem.getWalletClients();
if (!wallet) throw new Error("no wallet on the in-process network");
const gas = await measureAnchorGas({ publicClient: (await viem.getPublicClient()) as never, wallet: wallet as never });
console.error(`anchor gas: first ${gas.firstAnchor}, then ${gas.anchor} per epoch (receipt gasUsed)`);

console.log(JSON.stringify({ merkle, anchorGas: gas.anchor }));
