import { describe, expect, it } from 'vitest';
import { compareKeys } from '../../../../renderer/src/grids/client-sort';
import {
  KEYS_PER_STEP,
  placeByRanks,
  rankKeys,
  rankKeysInSteps,
} from '../../../../renderer/src/grids/sort-ranks';

/*
 * Column ranks (renderer/src/grids/sort-ranks.ts): placing rows by ranks computed once must give
 * exactly the order a stable sort of those rows gives (ties in row-data order, in both directions),
 * for every subset a filter may leave; and a rank whose key changed must never be used.
 */

/** Deterministic pseudo-random numbers (no flaky seeds). */
function random(seed: number) {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A row: its position in the row data and its key (the items placeByRanks moves). */
interface Row {
  row: number;
  key: unknown;
}

/** The stable sort of `rows` by key with AG Grid's default comparison, as the grid would give. */
function stableSort(rows: readonly Row[], descending: boolean): number[] {
  return [...rows]
    .sort((a, b) => {
      const r = compareKeys(a.key, b.key);
      return (descending ? -r : r) || a.row - b.row;
    })
    .map((r) => r.row);
}

function place(rows: readonly Row[], keys: readonly unknown[], descending: boolean) {
  const ranks = rankKeys(keys);
  if (!ranks) throw new Error('expected uniform keys');
  const items = [...rows];
  const placed = placeByRanks(
    items,
    ranks,
    descending,
    (r) => r.row,
    (r) => r.key,
  );
  return { placed, order: items.map((r) => r.row) };
}

const COLUMNS: [string, (next: () => number, i: number) => unknown][] = [
  // Few distinct values: long runs of ties, which keep row-data order in both directions.
  ['host names with ties and empty keys', (next) => (next() < 0.1 ? null : `ws-${Math.floor(next() * 40)}`)],
  [
    'numbers with ties, zeros of both signs',
    (next) => (next() < 0.1 ? undefined : [0, -0, 1, 2.5, -3][Math.floor(next() * 5)]),
  ],
  ['distinct dates', (_, i) => `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T${i}`],
  ['all empty', () => null],
];

describe('column ranks (renderer/src/grids/sort-ranks.ts)', () => {
  it('place all rows, or any filtered subset, as a stable sort of them does, both directions', () => {
    for (const [label, make] of COLUMNS) {
      const next = random(label.length);
      const keys = Array.from({ length: 3000 }, (_, i) => make(next, i));
      const all: Row[] = keys.map((key, row) => ({ row, key }));
      const subsets: [string, Row[]][] = [
        ['all rows', all],
        ['a third', all.filter(() => next() < 0.33)],
        ['one row', [all[1234]!]],
        ['none', []],
      ];
      for (const [which, rows] of subsets)
        for (const descending of [false, true]) {
          const { placed, order } = place(rows, keys, descending);
          expect(placed, `${label}, ${which}`).toBe(true);
          expect(order, `${label}, ${which}, ${descending ? 'desc' : 'asc'}`).toEqual(
            stableSort(rows, descending),
          );
        }
    }
  });

  it('refuse, and leave the rows alone, when a key changed since ranking or rows come out of row-data order', () => {
    const keys = ['b', 'a', 'c', 'a', null];
    const all: Row[] = keys.map((key, row) => ({ row, key }));
    const changed = all.map((r) => (r.row === 2 ? { ...r, key: '0' } : r));
    expect(place(changed, keys, false)).toEqual({ placed: false, order: [0, 1, 2, 3, 4] });
    const shuffled = [all[1]!, all[0]!, all[2]!];
    expect(place(shuffled, keys, false)).toEqual({ placed: false, order: [1, 0, 2] });
    // A row the ranks do not know (added since).
    expect(place([...all, { row: 5, key: 'd' }], keys, true).placed).toBe(false);
    // A changed row that is filtered out does not matter: the others keep their true order.
    const { placed, order } = place(
      changed.filter((r) => r.row !== 2),
      keys,
      true,
    );
    expect({ placed, order }).toEqual({ placed: true, order: [0, 1, 3, 4] });
  });

  it('in steps (idle time): the same ranks as in one go, each step a bounded slice of the work', () => {
    // Sizes around the chunk and merge widths, an odd last chunk included.
    const n = 3 * KEYS_PER_STEP + 17;
    for (const [label, make] of COLUMNS) {
      const next = random(label.length + 1);
      const keys = Array.from({ length: n }, (_, i) => make(next, i));
      const steps = rankKeysInSteps(keys);
      let yields = 0;
      let r = steps.next();
      for (; !r.done; r = steps.next()) yields++;
      const once = rankKeys(keys)!;
      expect(r.value, label).not.toBeNull();
      expect(Array.from(r.value!.ascending), `${label} asc`).toEqual(Array.from(once.ascending));
      expect(Array.from(r.value!.descending), `${label} desc`).toEqual(Array.from(once.descending));
      // Each chunk sort is a step, and every merge pass over n keys takes several.
      expect(yields, label).toBeGreaterThanOrEqual(4 + 2 * 3);
    }
    const mixed = Array.from({ length: n }, (_, i) => (i === n - 1 ? 7 : 'a'));
    const steps = rankKeysInSteps(mixed);
    let r = steps.next();
    while (!r.done) r = steps.next();
    expect(r.value).toBeNull();
  });

  it('are not computed for columns of mixed types or NaN (those keep the comparison sort)', () => {
    expect(rankKeys(['a', 1, null])).toBeNull();
    expect(rankKeys([1, NaN, 2])).toBeNull();
    expect(rankKeys([true, false])).toBeNull();
    expect(rankKeys([])).not.toBeNull();
  });
});
