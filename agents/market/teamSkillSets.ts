/**
 * Every set of `size` skills that no single worker holds in full but the workers hold together: the
 * tasks only a team can do. Pure. Skills are taken in the order the workers first list them, and
 * the sets in lexicographic order of those positions, so the same workers always give the same list.
 *
 * @example
 * teamSkillSets([["summarise", "code"], ["audit"]], 2) // [["summarise", "audit"], ["code", "audit"]]
 */
export function teamSkillSets(workers: readonly (readonly string[])[], size: number): string[][] {
  const all = [...new Set(workers.flatMap((w) => w))];
  const out: string[][] = [];
  const pick = (from: number, chosen: string[]): void => {
    if (chosen.length === size) {
      if (!workers.some((w) => chosen.every((s) => w.includes(s)))) out.push([...chosen]);
      return;
    }
    for (let i = from; i < all.length; i++) pick(i + 1, [...chosen, all[i]!]);
  };
  pick(0, []);
  return out;
}

/**
 * The fewest workers whose skills together cover `skills` (0 when nobody can): how many members the
 * smallest team for such a task has. Pure; exhaustive over subsets, for the handful of workers a demo has.
 *
 * @example minTeamSize([["a", "b"], ["c"], ["b", "c"]], ["a", "c"]) // 2
 */
export function minTeamSize(workers: readonly (readonly string[])[], skills: readonly string[]): number {
  let best = 0;
  for (let mask = 1; mask < 1 << workers.length; mask++) {
    const chosen = workers.filter((_w, i) => mask & (1 << i));
    if (best && chosen.length >= best) continue;
    if (skills.every((s) => chosen.some((w) => w.includes(s)))) best = chosen.length;
  }
  return best;
}
