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
    // The common case (one column, default comparison).
    const descending = specs[0]!.descending;
    if (!sortUniformKeys(single, descending, order)) {
      const sign = descending ? -1 : 1;
      order.sort((x, y) => sign * compareKeys(single[x], single[y]) || x - y);
    }
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

/**
 * The stable ascending or descending order (positions into `keys`) of one column whose keys are
 * uniform (see sortUniformKeys), or null for any other column.
 */
export function uniformKeyOrder(keys: readonly unknown[], descending: boolean): number[] | null {
  const order = new Array<number>(keys.length);
  return sortUniformKeys(keys, descending, order) ? order : null;
}

export type UniformKind = 'string' | 'number';

/**
 * The kind of a non-empty key of a uniform column whose keys so far are of kind `kindSoFar` (null:
 * none yet), or null when the key breaks uniformity (another type, a NaN, another kind).
 */
export function uniformKind(k: unknown, kindSoFar: UniformKind | null): UniformKind | null {
  const t = typeof k;
  if ((t !== 'string' && t !== 'number') || (kindSoFar !== null && t !== kindSoFar) || Number.isNaN(k))
    return null;
  return t;
}

/**
 * One column whose keys are all strings, or all numbers (NaN excepted), besides null/undefined:
 * the empty keys keep their order at the start (the end when descending). Numbers are sorted with
 * a comparison specialised to them (no type tests, no sign multiplication per comparison);
 * strings by their code units (sortStringPositions). The order is the same as compareKeys's: a
 * total order, ties broken by position. Writes the order into `order`; returns false (and leaves
 * `order` alone) for any other column.
 */
function sortUniformKeys(keys: readonly unknown[], descending: boolean, order: number[]): boolean {
  const n = keys.length;
  const empty: number[] = [];
  const rest: number[] = [];
  let type: UniformKind | null = null;
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (k === null || k === undefined) {
      empty.push(i);
      continue;
    }
    const t = uniformKind(k, type);
    if (t === null) return false;
    type = t;
    rest.push(i);
  }
  if (type === 'number') {
    const nums = keys as readonly number[];
    rest.sort(descending ? (x, y) => nums[y]! - nums[x]! || x - y : (x, y) => nums[x]! - nums[y]! || x - y);
  } else {
    sortStringPositions(keys as readonly string[], rest, descending);
  }
  const [first, second] = descending ? [rest, empty] : [empty, rest];
  let w = 0;
  for (const i of first) order[w++] = i;
  for (const i of second) order[w++] = i;
  return true;
}

/** 2^52: the packed keys below stay within the integers a double holds exactly. */
const EXACT_BITS = 52;
/** At most this many code units are packed per key (7 ASCII code units take 49 bits). */
const MAX_PACKED_UNITS = 7;
/** Code units copied per string into one contiguous buffer, read by every pass of the sort. */
const BUFFERED_UNITS = 16;
/** Runs this short are sorted by comparison rather than packed again. */
const COMPARISON_RUN = 48;

/**
 * Sorts `rest` (indices into `strs`, ascending) by their strings as `<` orders them (UTF-16 code
 * units), ties kept in index order, in place.
 *
 * Why not one comparison sort: 50,000 host names in an unrelated order cost about 800,000 calls of
 * a comparison function, each reading two strings scattered over a heap of about 200
 * megabytes; in the hosts grid that was the largest part of a click on a column header. Here each
 * string is read once: its first BUFFERED_UNITS code units after the start all the strings share
 * are copied into one typed array. Then, from that buffer, each string gives one number: a few of
 * its code units packed big-endian (each plus one, 0 meaning "the string has ended", so a string
 * sorts before its extensions), then its position in the low bits. The engine sorts a
 * `Float64Array` of those numbers natively, with no function call per comparison. Strings equal
 * over the packed units form runs (the host names of one site and kind, "bdx-dt-…"), each sorted
 * the same way from the units after those (a most-significant-first radix sort by blocks of
 * units); short runs, and runs that outlast the buffer, are sorted by comparison. Runs come out of
 * the numeric sort in position order, so the sort stays stable.
 */
function sortStringPositions(strs: readonly string[], rest: number[], descending: boolean): void {
  const m = rest.length;
  if (m < 2) return;
  const buffered = new StringUnits(strs, rest);
  const order = new Int32Array(m);
  for (let p = 0; p < m; p++) order[p] = p;
  sortRange(buffered, order, 0, m, 0, descending);
  const original = rest.slice();
  for (let r = 0; r < m; r++) rest[r] = original[order[r]!]!;
}

/**
 * The first BUFFERED_UNITS code units of each string after the start all the strings share (plus
 * one; 0: ended). Unit `u` of position `p` is `units[p * BUFFERED_UNITS + u]`.
 */
class StringUnits {
  readonly units: Int32Array;

  constructor(
    readonly strs: readonly string[],
    readonly rest: readonly number[],
  ) {
    const m = rest.length;
    const first = strs[rest[0]!]!;
    let shared = first.length;
    for (let p = 1; p < m && shared > 0; p++) {
      const s = strs[rest[p]!]!;
      const end = Math.min(shared, s.length);
      let j = 0;
      while (j < end && s.charCodeAt(j) === first.charCodeAt(j)) j++;
      shared = j;
    }
    const units = new Int32Array(m * BUFFERED_UNITS);
    for (let p = 0; p < m; p++) {
      const s = strs[rest[p]!]!;
      const end = Math.min(s.length - shared, BUFFERED_UNITS);
      const at = p * BUFFERED_UNITS;
      for (let u = 0; u < end; u++) units[at + u] = s.charCodeAt(shared + u) + 1;
    }
    this.units = units;
  }

  text(p: number): string {
    return this.strs[this.rest[p]!]!;
  }
}

/** Sorts `order[from..to)` (positions), whose strings all share their first `known` buffered units. */
function sortRange(
  buffered: StringUnits,
  order: Int32Array,
  from: number,
  to: number,
  known: number,
  descending: boolean,
): void {
  const m = to - from;
  if (m < 2) return;
  const { units } = buffered;
  if (m <= COMPARISON_RUN || known >= BUFFERED_UNITS) {
    sortByComparison(buffered, order, from, to, descending);
    return;
  }
  // The start the strings of this range share beyond `known`.
  let shared = known;
  const firstAt = order[from]! * BUFFERED_UNITS;
  for (; shared < BUFFERED_UNITS; shared++) {
    const unit = units[firstAt + shared]!;
    let same = true;
    for (let r = from + 1; r < to && same; r++) same = units[order[r]! * BUFFERED_UNITS + shared] === unit;
    if (!same) break;
    // Every string has ended: they are all equal, already in position order.
    if (unit === 0) return;
  }
  if (shared >= BUFFERED_UNITS) {
    sortByComparison(buffered, order, from, to, descending);
    return;
  }
  const window = Math.min(MAX_PACKED_UNITS, BUFFERED_UNITS - shared);
  let maxUnit = 0;
  for (let r = from; r < to; r++) {
    const at = order[r]! * BUFFERED_UNITS + shared;
    for (let u = 0; u < window; u++) if (units[at + u]! > maxUnit) maxUnit = units[at + u]!;
  }
  const positionBits = Math.max(1, Math.ceil(Math.log2(m)));
  const unitBits = Math.max(1, Math.ceil(Math.log2(maxUnit + 1)));
  const packedUnits = Math.min(window, Math.floor((EXACT_BITS - positionBits) / unitBits));
  if (packedUnits < 1) {
    sortByComparison(buffered, order, from, to, descending);
    return;
  }
  const unitScale = 2 ** unitBits;
  const keySpan = 2 ** (unitBits * packedUnits);
  const positionScale = 2 ** positionBits;
  const packed = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const at = order[from + r]! * BUFFERED_UNITS + shared;
    let key = 0;
    for (let u = 0; u < packedUnits; u++) key = key * unitScale + units[at + u]!;
    if (descending) key = keySpan - 1 - key;
    packed[r] = key * positionScale + r;
  }
  packed.sort();
  const before = order.slice(from, to);
  let runStart = 0;
  let runKey = -1;
  for (let r = 0; r <= m; r++) {
    let key = -2;
    if (r < m) {
      const v = packed[r]!;
      key = Math.floor(v / positionScale);
      order[from + r] = before[v - key * positionScale]!;
    }
    if (key !== runKey) {
      // The run just ended shares the packed units: go on from the units after them.
      if (r - runStart > 1)
        sortRange(buffered, order, from + runStart, from + r, shared + packedUnits, descending);
      runStart = r;
      runKey = key;
    }
  }
}

/** The comparison sort of `order[from..to)` (positions in ascending order), ties in position order. */
function sortByComparison(
  buffered: StringUnits,
  order: Int32Array,
  from: number,
  to: number,
  descending: boolean,
): void {
  const run = Array.from(order.subarray(from, to));
  run.sort(
    descending
      ? (x, y) => {
          const a = buffered.text(x);
          const b = buffered.text(y);
          return a > b ? -1 : a < b ? 1 : x - y;
        }
      : (x, y) => {
          const a = buffered.text(x);
          const b = buffered.text(y);
          return a < b ? -1 : a > b ? 1 : x - y;
        },
  );
  order.set(run, from);
}
