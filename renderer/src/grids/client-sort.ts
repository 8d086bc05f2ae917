/**
 * Fast client-side sort for large grids (the hosts grid holds up to 50,000 rows).
 *
 * Why: AG Grid's own sort compares rows through its value service on every comparison (two value
 * reads per comparison, about 800,000 comparisons for 50,000 rows); profiling the hosts grid showed
 * that loop as most of a click on a column header. Here every row's sort key is read once
 * ("decorate, sort, undecorate"), then an index array is sorted with plain comparisons. The order is
 * the one AG Grid's default comparator gives (nulls first, `<` / `>` on strings and numbers, no
 * locale collation: AG Grid's `accentedSort` is off), stable, descending by negation, and a
 * column's own `comparator` is still honoured.
 */

/** AG Grid's default comparison without accented sort: null/undefined first, then `<` / `>`. */
export function compareKeys(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  // Mixed types compare as AG Grid does (JavaScript's relational operators).
  if ((a as number) > (b as number)) return 1;
  if ((a as number) < (b as number)) return -1;
  return 0;
}

export interface SortSpec<Item> {
  /** The value the column sorts by, read once per item. */
  key: (item: Item) => unknown;
  descending: boolean;
  /** A column's own comparator (AG Grid's signature); `compareKeys` when absent. */
  comparator?: (a: unknown, b: unknown, itemA: Item, itemB: Item, descending: boolean) => number;
}

/** Sorts `items` in place by `specs` (first spec first), stable. Returns `items`. */
export function sortByKeys<Item>(items: Item[], specs: readonly SortSpec<Item>[]): Item[] {
  const n = items.length;
  if (n < 2 || specs.length === 0) return items;
  const keys = specs.map((s) => {
    const k = new Array<unknown>(n);
    for (let i = 0; i < n; i++) k[i] = s.key(items[i]!);
    return k;
  });
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const single = specs.length === 1 && specs[0]!.comparator === undefined ? keys[0]! : null;
  if (single) {
    // The common case (one column, default comparison): the tightest loop.
    const sign = specs[0]!.descending ? -1 : 1;
    order.sort((x, y) => sign * compareKeys(single[x], single[y]) || x - y);
  } else {
    order.sort((x, y) => {
      for (let s = 0; s < specs.length; s++) {
        const spec = specs[s]!;
        const kx = keys[s]![x];
        const ky = keys[s]![y];
        const r = spec.comparator
          ? spec.comparator(kx, ky, items[x]!, items[y]!, spec.descending)
          : compareKeys(kx, ky);
        if (r !== 0) return spec.descending ? -r : r;
      }
      return x - y;
    });
  }
  const copy = items.slice();
  for (let i = 0; i < n; i++) items[i] = copy[order[i]!]!;
  return items;
}
