/**
 * A column's sort order over a grid's rows, computed once and reused by later clicks on its
 * header, which then place the rows instead of sorting them.
 *
 * Why: in the hosts grid at 50,000 rows, sorting one column (client-sort.ts) is about a quarter of
 * a header click; placing rows by a known rank is one pass. The ranks are computed in the
 * background after a listing arrives, or at the first click on a column (fast-sort-rows.ts).
 *
 * A rank stays true while the row's key does: the order of two rows depends only on their keys and
 * their positions in the grid's row data (ties keep that order). So before placing, every row to
 * place is checked against the key it had when ranked, and the rows must come in row-data order;
 * if either fails, placeByRanks changes nothing and the caller sorts as before. Rows that are not
 * being placed (filtered out) may have changed: they do not affect the others' order.
 */
import { compareKeys, uniformKeyOrder, uniformKind, type UniformKind } from './client-sort';

export interface ColumnRanks {
  /** Each row's key when the ranks were computed, by position in the grid's row data. */
  readonly keys: readonly unknown[];
  /** Each row's position in the ascending order, ties in row-data order. */
  readonly ascending: Int32Array;
  /**
   * Each row's position in the descending order. Ties also keep row-data order there, as a stable
   * descending sort does, so this is not the ascending order reversed.
   */
  readonly descending: Int32Array;
}

/** Keys equal for the sort (the uniform columns rankKeys accepts hold no NaN). */
function sameKey(a: unknown, b: unknown): boolean {
  return a === b || ((a === null || a === undefined) && (b === null || b === undefined));
}

/**
 * The ranks of one column's `keys` (by row-data position), or null when the column's keys are not
 * uniform (all strings, or all numbers, besides empty keys): those keep the comparison sort.
 */
export function rankKeys(keys: readonly unknown[]): ColumnRanks | null {
  const order = uniformKeyOrder(keys, false);
  return order ? ranksOf(keys, order) : null;
}

/** The ranks of `keys` from their stable ascending order (positions into `keys`). */
function ranksOf(keys: readonly unknown[], order: ArrayLike<number>): ColumnRanks {
  const n = keys.length;
  const ascending = new Int32Array(n);
  for (let p = 0; p < n; p++) ascending[order[p]!] = p;
  // Descending: the groups of equal keys from the last to the first, each in row-data order.
  const descending = new Int32Array(n);
  let written = 0;
  let end = n;
  while (end > 0) {
    const groupKey = keys[order[end - 1]!];
    let start = end - 1;
    while (start > 0 && sameKey(keys[order[start - 1]!], groupKey)) start--;
    for (let p = start; p < end; p++) descending[order[p]!] = written++;
    end = start;
  }
  return { keys, ascending, descending };
}

/** Keys handled per step of rankKeysInSteps: a step takes a few milliseconds at most. */
export const KEYS_PER_STEP = 2048;

/**
 * rankKeys in steps of about KEYS_PER_STEP keys each, so that ranking in the background never
 * holds the page for long (one column of 50,000 host names takes 50–120 ms in one go): `yield`
 * between steps, the ranks (or null) as the generator's result. Chunks of keys are sorted one per
 * step (client-sort.ts), then merged pairwise, stable, a slice of each merge per step. Same result
 * as rankKeys.
 */
export function* rankKeysInSteps(keys: readonly unknown[]): Generator<void, ColumnRanks | null> {
  const n = keys.length;
  // Uniform keys only (as rankKeys): all strings, or all numbers but NaN, besides empty keys.
  let kind: UniformKind | null = null;
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (k !== null && k !== undefined) {
      kind = uniformKind(k, kind);
      if (kind === null) return null;
    }
    if (i % (KEYS_PER_STEP * 8) === KEYS_PER_STEP * 8 - 1) yield;
  }
  let order = new Int32Array(n);
  for (let from = 0; from < n; from += KEYS_PER_STEP) {
    const chunk = uniformKeyOrder(keys.slice(from, from + KEYS_PER_STEP), false)!;
    for (let p = 0; p < chunk.length; p++) order[from + p] = from + chunk[p]!;
    yield;
  }
  let next = new Int32Array(n);
  for (let width = KEYS_PER_STEP; width < n; width *= 2) {
    let done = 0;
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let a = lo;
      let b = mid;
      for (let w = lo; w < hi; w++) {
        // Ties take the left run first: the merge keeps row-data order.
        next[w] =
          b >= hi || (a < mid && compareKeys(keys[order[a]!], keys[order[b]!]) <= 0)
            ? order[a++]!
            : order[b++]!;
        if (++done % KEYS_PER_STEP === 0) yield;
      }
    }
    [order, next] = [next, order];
  }
  return ranksOf(keys, order);
}

/**
 * Puts `items` in the column's order by their ranks, in place, and returns true; or returns false
 * and leaves `items` as they were when a rank no longer holds (an item's key differs from its
 * ranked key, or the items do not come in row-data order). `rowOf` gives an item's position in
 * the row data, `keyOf` its key now.
 */
export function placeByRanks<Item>(
  items: Item[],
  ranks: ColumnRanks,
  descending: boolean,
  rowOf: (item: Item) => number,
  keyOf: (item: Item) => unknown,
): boolean {
  const n = ranks.keys.length;
  const m = items.length;
  const rank = descending ? ranks.descending : ranks.ascending;
  const slots = new Array<Item | undefined>(n);
  let previousRow = -1;
  for (let i = 0; i < m; i++) {
    const item = items[i]!;
    const row = rowOf(item);
    if (row <= previousRow || row >= n || !sameKey(keyOf(item), ranks.keys[row])) return false;
    previousRow = row;
    slots[rank[row]!] = item;
  }
  let w = 0;
  for (let p = 0; p < n && w < m; p++) {
    const item = slots[p];
    if (item !== undefined) items[w++] = item;
  }
  return true;
}
