/**
 * Sorting and paging done in the console, for servers that return a whole list and honour
 * neither `offset` nor `order_by` (a genuine 1.8.2 server: docs/server-capabilities.md). Same
 * rules as the reference server's extension, so a grid behaves alike on both: NULLs sort as the
 * smallest value, ties keep the server's order (a stable sort).
 */
function comparable(v: unknown): string | number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v)) return v.length === 0 ? null : v.join(',');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function compareValues(a: unknown, b: unknown): number {
  const x = comparable(a);
  const y = comparable(b);
  if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y), 'en', { numeric: true, sensitivity: 'base' });
}

/** A sorted copy (stable); `sort` null keeps the server's order. */
export function sortRows<R>(rows: readonly R[], sort: { colId: string; desc: boolean } | null): R[] {
  if (!sort) return [...rows];
  const dir = sort.desc ? -1 : 1;
  const at = (r: R) => (r as Record<string, unknown>)[sort.colId];
  return rows
    .map((row, i) => ({ row, i }))
    .sort((p, q) => dir * compareValues(at(p.row), at(q.row)) || p.i - q.i)
    .map((p) => p.row);
}

/**
 * One whole list kept while a grid pages through it: the first page (offset 0) always asks the
 * server again, later pages of the same query reuse that answer, so every row is reachable
 * exactly once and the pages of one scroll agree with each other.
 */
export class ListSnapshot<R> {
  private entry: { key: string; owner: unknown; rows: R[]; asOf: string } | null = null;

  async get(
    key: string,
    owner: unknown,
    offset: number,
    load: () => Promise<{ rows: R[]; asOf: string }>,
  ): Promise<{ rows: R[]; asOf: string }> {
    const e = this.entry;
    if (offset > 0 && e && e.key === key && e.owner === owner) return e;
    const fresh = await load();
    this.entry = { key, owner, ...fresh };
    return fresh;
  }
}
