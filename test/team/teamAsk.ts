import { expect } from "chai";

/**
 * What a team asks: the least amount, at least the sum of the members' prices, at which every
 * member's share pays it at least its own bid's price (members sign nothing less).
 */
export function expectTeamAsk(amount: bigint, members: readonly { price: string; shareBps: number }[]): void {
  const pays = (a: bigint) => members.every((m) => (a * BigInt(m.shareBps)) / 10_000n >= BigInt(m.price));
  const prices = members.reduce((a, m) => a + BigInt(m.price), 0n);
  expect(amount >= prices, `amount ${amount} covers the prices ${prices}`).to.equal(true);
  expect(pays(amount), "every member's share pays at least its price").to.equal(true);
  expect(amount === prices || !pays(amount - 1n), "and not a token more than that takes").to.equal(true);
}
