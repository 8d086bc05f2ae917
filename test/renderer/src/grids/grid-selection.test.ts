import { describe, expect, it } from 'vitest';
import { compareKeys, sortByKeys } from '../../../../renderer/src/grids/client-sort';
import {
  contextMenuSelection,
  isContextMenuKey,
  isSelectAllKey,
  NO_SELECTION,
  partitionSelection,
  sameSelection,
} from '../../../../renderer/src/grids/grid-selection';

describe('grid selection rules (renderer/src/grids/grid-selection.ts)', () => {
  it('splits selected rows into the shown ones and a hidden count; rows without data are ignored', () => {
    const items = [
      { id: 'a', data: { n: 1 }, shown: true },
      { id: 'b', data: { n: 2 }, shown: false },
      { id: 'c', data: undefined, shown: true },
      { id: 'd', data: { n: 4 }, shown: false },
      { id: 'e', data: { n: 5 }, shown: true },
    ];
    const r = partitionSelection(
      items,
      (i) => i.data,
      (i) => i.shown,
    );
    expect(r.rows).toEqual([{ n: 1 }, { n: 5 }]);
    expect(r.hidden).toBe(2);
    expect(
      partitionSelection(
        [],
        () => undefined,
        () => true,
      ),
    ).toEqual({ rows: [], hidden: 0 });
  });

  it('follows the file-manager rule for context menus', () => {
    expect(contextMenuSelection(false)).toBe('replace');
    expect(contextMenuSelection(true)).toBe('keep');
  });

  it('reports a selection change only when something changed', () => {
    const r1 = { n: 1 };
    const r2 = { n: 2 };
    expect(sameSelection(NO_SELECTION, { rows: [], hidden: 0, loadedOnly: false })).toBe(true);
    expect(
      sameSelection(
        { rows: [r1], hidden: 0, loadedOnly: false },
        { rows: [r1], hidden: 0, loadedOnly: false },
      ),
    ).toBe(true);
    expect(
      sameSelection(
        { rows: [r1], hidden: 0, loadedOnly: false },
        { rows: [{ n: 1 }], hidden: 0, loadedOnly: false },
      ),
    ).toBe(false);
    expect(
      sameSelection(
        { rows: [r1, r2], hidden: 0, loadedOnly: false },
        { rows: [r2, r1], hidden: 0, loadedOnly: false },
      ),
    ).toBe(false);
    expect(
      sameSelection(
        { rows: [r1], hidden: 0, loadedOnly: false },
        { rows: [r1], hidden: 1, loadedOnly: false },
      ),
    ).toBe(false);
    expect(
      sameSelection(
        { rows: [r1], hidden: 0, loadedOnly: false },
        { rows: [r1], hidden: 0, loadedOnly: true },
      ),
    ).toBe(false);
  });

  it('recognises Ctrl+A / Cmd+A and the context-menu keys', () => {
    const k = (
      key: string,
      m: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
    ) => ({
      key,
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
      ...m,
    });
    expect(isSelectAllKey(k('a', { ctrlKey: true }))).toBe(true);
    expect(isSelectAllKey(k('A', { metaKey: true }))).toBe(true);
    expect(isSelectAllKey(k('a'))).toBe(false);
    expect(isSelectAllKey(k('a', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isSelectAllKey(k('a', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isContextMenuKey(k('ContextMenu'))).toBe(true);
    expect(isContextMenuKey(k('F10', { shiftKey: true }))).toBe(true);
    expect(isContextMenuKey(k('F10'))).toBe(false);
  });
});

/** AG Grid 36's default comparator without accented sort (ag-stack `_defaultComparator`), restated. */
function agDefault(a: unknown, b: unknown): number {
  if (a == null) return b == null ? 0 : -1;
  if (b == null) return 1;
  if ((a as number) > (b as number)) return 1;
  if ((a as number) < (b as number)) return -1;
  return 0;
}

/** Deterministic pseudo-random data (no flaky seeds). */
function rows(n: number) {
  let x = 12345;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const names = ['bdx-dt', 'lil-lt', 'srv-par', 'Éric', 'eric', 'zeta', ''];
  return Array.from({ length: n }, (_, i) => ({
    i,
    name: next() < 0.1 ? null : `${names[Math.floor(next() * names.length)]}-${Math.floor(next() * 50)}`,
    count: next() < 0.15 ? null : Math.floor(next() * 20),
    seen:
      next() < 0.1 ? undefined : `2026-11-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}T10:00:00`,
  }));
}
type R = ReturnType<typeof rows>[number];

describe('fast client sort (renderer/src/grids/client-sort.ts)', () => {
  it('compares as AG Grid’s default comparator does', () => {
    const values = [null, undefined, 0, 3, -1, 'a', 'B', 'b', '', 'é', true, false];
    for (const a of values)
      for (const b of values) expect(Math.sign(compareKeys(a, b))).toBe(Math.sign(agDefault(a, b)));
  });

  it('gives the order of a stable sort with AG Grid’s comparison: one column, both directions', () => {
    const data = rows(3000);
    for (const descending of [false, true]) {
      const expected = [...data].sort((a, b) => {
        const r = agDefault(a.name, b.name);
        return (descending ? -r : r) || a.i - b.i;
      });
      const got = sortByKeys([...data], [{ key: (r: R) => r.name, descending }]);
      expect(got.map((r) => r.i)).toEqual(expected.map((r) => r.i));
    }
  });

  it('sorts by several columns in order, honouring a column’s own comparator and its direction', () => {
    const data = rows(3000);
    // A comparator that orders counts by parity, then value (as a column's own `comparator` could).
    const parity = (a: unknown, b: unknown) =>
      a == null || b == null
        ? agDefault(a, b)
        : ((a as number) % 2) - ((b as number) % 2) || (a as number) - (b as number);
    const expected = [...data].sort(
      (a, b) => -parity(a.count, b.count) || agDefault(a.seen, b.seen) || a.i - b.i,
    );
    const got = sortByKeys(
      [...data],
      [
        { key: (r: R) => r.count, descending: true, comparator: (a, b) => parity(a, b) },
        { key: (r: R) => r.seen, descending: false },
      ],
    );
    expect(got.map((r) => r.i)).toEqual(expected.map((r) => r.i));
  });

  it('one column of numbers, of strings beyond the BMP, or of mixed types: the comparison sort’s order', () => {
    const data = rows(3000);
    const odd = ['😀', 'z', 'ﬀ', '\u{10000}', 'a', null, '😀', undefined, ''];
    const mixed = [3, 'a', null, 2, 'b', true, 1];
    for (const [label, keys] of [
      ['numbers', data.map((r) => r.count)],
      ['astral strings', Array.from({ length: 300 }, (_, i) => odd[i % odd.length])],
      ['mixed types', Array.from({ length: 300 }, (_, i) => mixed[(i * 7) % mixed.length])],
      ['NaN', [2, NaN, 1, null, 3, NaN]],
    ] as const)
      for (const descending of [false, true]) {
        const idx = keys.map((_, i) => i);
        const expected = [...idx].sort((a, b) => {
          const r = agDefault(keys[a], keys[b]);
          return (descending ? -r : r) || a - b;
        });
        const got = sortByKeys([...idx], [{ key: (i: number) => keys[i], descending }]);
        expect(got, `${label} ${descending ? 'desc' : 'asc'}`).toEqual(expected);
      }
  });

  it('reads each key once per row (the point of the fast sort)', () => {
    const data = rows(1000);
    let reads = 0;
    sortByKeys(data, [{ key: (r: R) => (reads++, r.name), descending: false }]);
    expect(reads).toBe(1000);
  });

  it('leaves short lists and an empty sort model alone', () => {
    const one = [{ i: 1 }];
    expect(sortByKeys(one, [{ key: (r) => r.i, descending: true }])).toBe(one);
    const many = [{ i: 2 }, { i: 1 }];
    expect(sortByKeys(many, []).map((r) => r.i)).toEqual([2, 1]);
  });
});
