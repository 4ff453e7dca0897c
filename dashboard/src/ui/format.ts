import { formatUnits, type Address } from "viem";
import type { TokenInfo } from "../data/chain.js";

/** 0x1234…abcd */
export const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

/** Chain time (unix seconds) as "2026-11-30 13:05 UTC". */
export const chainTime = (t: number | undefined) => (t ? `${new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`);

/** An amount in its token's units with the symbol, e.g. "4.95 USDC". */
export function amount(value: bigint, token: Address | undefined, tokens: Map<string, TokenInfo>): string {
  const info = token ? tokens.get(token.toLowerCase()) : undefined;
  const text = formatUnits(value, info?.decimals ?? 18);
  return `${text} ${info?.symbol ?? ""}`.trim();
}
