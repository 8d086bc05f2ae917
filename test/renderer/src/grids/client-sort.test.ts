import { describe, expect, it } from 'vitest';
import { compareKeys, sortByKeys } from '../../../../renderer/src/grids/client-sort';

/** AG Grid 36's default comparator without accented sort (ag-stack `_defaultComparator`), restated. */
function agDefault(a: unknown, b: unknown): number {
  if (a == null) return b == null ? 0 : -1;
  if (b == null) return 1;
  if ((a as number) > (b as number)) return 1;
  if ((a as number) < (b as number)) return -1;
  return 0;
}

/** Compares two orders by their first difference (a diff of 50,000 numbers would take minutes to print). */
function expectSameOrder(got: readonly number[], expected: readonly number[], label: string): void {
  const at = got.findIndex((v, i) => v !== expected[i]);
  expect(
    at === -1 && got.length === expected.length
      ? 'same order'
      : `differs at ${at}: ${got.slice(at, at + 5)} for ${expected.slice(at, at + 5)}`,
    label,
  ).toBe('same order');
}

/** sortByKeys on one column of `keys`, both directions, gives a stable comparison sort's order. */
function expectComparisonOrder(keys: readonly unknown[], label: string): void {
  for (const descending of [false, true]) {
    const idx = keys.map((_, i) => i);
    const expected = [...idx].sort((a, b) => {
      const r = agDefault(keys[a], keys[b]);
      return (descending ? -r : r) || a - b;
    });
    const got = sortByKeys([...idx], [{ key: (i: number) => keys[i], descending }]);
    expectSameOrder(got, expected, `${label} ${descending ? 'desc' : 'asc'}`);
  }
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
      expectSameOrder(
        got.map((r) => r.i),
        expected.map((r) => r.i),
        descending ? 'desc' : 'asc',
      );
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
    expectSameOrder(
      got.map((r) => r.i),
      expected.map((r) => r.i),
      'two columns',
    );
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
      expectComparisonOrder(keys, label);
  });

  it('strings: shared starts, strings that extend others, wide code units, duplicates', () => {
    const cases: [string, (string | null)[]][] = [
      // A naming scheme's shared start, then the units that tell hosts apart.
      ['shared start', Array.from({ length: 5000 }, (_, i) => `pc-${(i * 7919) % 4000}.ad.example.org`)],
      [
        'long shared start',
        Array.from({ length: 2000 }, (_, i) => `x${'y'.repeat((i * 31) % 12)}z${i % 97}`),
      ],
      [
        'prefixes of one another',
        ['abc', 'ab', 'abcd', 'a', '', 'abc', 'b', 'ab', null, 'abcdefghijk', 'abcdefghij'],
      ],
      [
        'wide code units',
        Array.from(
          { length: 3000 },
          (_, i) =>
            String.fromCharCode(0xe9 + (i % 5), 0x4e00 + ((i * 13) % 40), 0xffff - (i % 3)) + (i % 11),
        ),
      ],
      // Equal beyond the packed units up to a code unit 0, then different.
      [
        'equal up to a code unit 0',
        ['abcdefgh\u0000z', 'abcdefgh\u0000y', 'b', 'abcdefgh\u0000', 'abcdefgh\u0000x'],
      ],
      [
        'code units 0 and 0xffff',
        ['\u0000', '', '\uffff', '\u0000\u0000', 'a\u0000', 'a', '\uffff\uffff', null],
      ],
      ['largest unit of 7 bits', ['a\u007fz', 'b', 'a', 'c', 'a\u007f', 'b\u007f\u007f']],
      ['largest unit of 8 bits', ['a\u00ffz', 'b', 'a', '\u00ff', 'a\u00ff']],
      ['largest unit of 16 bits', ['a\uffffz', 'b', 'a', '\uffff', 'a\uffff']],
      ['all equal', Array.from({ length: 500 }, () => 'same')],
      [
        'astral and lone surrogates',
        Array.from({ length: 400 }, (_, i) => ['😀', '\ud83d', 'z', '\u{10000}', '\udfff'][i % 5]! + (i % 3)),
      ],
    ];
    // Repeated: duplicates must keep their order.
    for (const [label, few] of cases)
      expectComparisonOrder(Array.from({ length: 20 }, () => few).flat(), label);
  });

  it('strings: the hosts grid’s largest listing (50,000 rows)', () => {
    let x = 7;
    const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
    const keys = Array.from({ length: 50_000 }, () => `ws-${next() % 60000}.corp.example`);
    expectComparisonOrder(keys, '50,000 host names');
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
