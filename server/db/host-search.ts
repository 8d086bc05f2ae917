import type { Db } from './connection';
import { HARDWARE_SEARCH_COLUMNS, HOST_SEARCH_COLUMNS } from './migrations';
import type { SearchPattern } from './search-pattern';
import { text } from '../util';

/**
 * Runs a hosts `filter` search (docs/wapt-server-api.md §3.2) without ever holding the event loop for long:
 * the tables are read in bounded id ranges, one short SQLite statement per range, with a turn of
 * the event loop between ranges, so other requests, `/ping` and shutdown are served while a search
 * runs, and a search whose client went away stops at the next range (`signal`).
 *
 * What SQL can decide stays in SQL: a pattern with a required literal (see search-pattern.ts) is
 * pre-filtered with SQL `LIKE '%needle%'`, and a plain-text pattern is decided entirely by
 * it. Only candidate rows reach the linear-time RE2 matcher. The "Search in" Host and Hardware
 * columns are pre-filtered in narrow text tables kept by triggers (`host_search`,
 * `host_hardware_search`) instead of kilobytes-wide hosts rows whose JSON sits in overflow pages. Software labels and package names repeat across hosts, so each
 * distinct one is tested once.
 */
export type SearchSource =
  /** An SQL expression over one `hosts` row (a column, or json_extract of one). */
  | { kind: 'host'; expr: string }
  /** installed_softwares: `key`, or `name (version)` (what WAPT's console shows). */
  | { kind: 'softwares' }
  /** installed_packages (`groupsOnly`: depends, i.e. group packages). */
  | { kind: 'packages'; groupsOnly: boolean };

export interface SearchOptions {
  signal?: AbortSignal;
  /** Rows per statement (id range width). Small enough that one statement takes a few ms. */
  chunkRows?: number;
}

export class SearchCancelledError extends Error {
  constructor() {
    super('search cancelled');
    this.name = 'SearchCancelledError';
  }
}

export const DEFAULT_CHUNK_ROWS = 2000;

/** Which narrow text table (migrations 4 and 5) keeps a column's text, for the pre-filter. */
const TEXT_TABLE_OF = new Map<string, string>([
  ...HOST_SEARCH_COLUMNS.map((c) => [c, 'host_search'] as const),
  ...HARDWARE_SEARCH_COLUMNS.map((c) => [c, 'host_hardware_search'] as const),
]);

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Calls `step(lo, hi)` for consecutive id ranges `(lo, hi]` covering the table, yielding between. */
async function eachRange(
  db: Db,
  table: 'hosts' | 'host_softwares' | 'host_packages',
  chunk: number,
  signal: AbortSignal | undefined,
  step: (lo: number, hi: number) => void,
): Promise<void> {
  const span = db.prepare(`SELECT min(id) AS lo, max(id) AS hi FROM ${table}`).get() as {
    lo: number | null;
    hi: number | null;
  };
  if (span.lo === null || span.hi === null) return;
  for (let lo = span.lo - 1; lo < span.hi; lo += chunk) {
    if (signal?.aborted) throw new SearchCancelledError();
    step(lo, lo + chunk);
    await yieldTurn();
  }
  if (signal?.aborted) throw new SearchCancelledError();
}

/** Ids of the hosts where at least one source matches `pattern`. */
export async function searchHostIds(
  db: Db,
  sources: readonly SearchSource[],
  pattern: SearchPattern,
  opts: SearchOptions = {},
): Promise<Set<number>> {
  const ids = new Set<number>();
  const chunk = Math.max(1, opts.chunkRows ?? DEFAULT_CHUNK_ROWS);
  const needle = pattern.needle;
  const candidate = (v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    const s = text(v);
    return needle === null || foldForNeedle(s).includes(needle) ? s : null;
  };
  const matches = (v: unknown): boolean => {
    const s = candidate(v);
    return s !== null && (pattern.literalOnly || pattern.test(s));
  };
  // SQLite's LIKE folds ASCII case like `lower()` but without copying each value. RE2 also folds
  // the Kelvin sign to k and the long s to s, which LIKE does not: those letters match any one
  // character (`_`), so the pre-filter never drops a row RE2 would match.
  const like =
    needle === null ? null : `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/[ks]/g, '_')}%`;
  const pre = (exprs: readonly string[]) =>
    like === null ? '' : ` AND (${exprs.map((e) => `${e} LIKE @like ESCAPE '\\'`).join(' OR ')})`;
  const bind = (lo: number, hi: number) => (like === null ? { lo, hi } : { lo, hi, like });

  const hostExprs = sources.flatMap((s) => (s.kind === 'host' ? [s.expr] : []));
  // Columns with a literal to look for that a narrow text table keeps (migrations 4 and 5):
  // candidates come from that table, then only their rows are read and each field is checked.
  const viaText = like === null ? [] : hostExprs.filter((e) => TEXT_TABLE_OF.has(e));
  const direct = hostExprs.filter((e) => !viaText.includes(e));
  for (const table of new Set(viaText.map((e) => TEXT_TABLE_OF.get(e)!))) {
    const exprs = viaText.filter((e) => TEXT_TABLE_OF.get(e) === table);
    const candidates = db
      .prepare(
        `SELECT host_id FROM ${table} WHERE host_id > @lo AND host_id <= @hi AND text LIKE @like ESCAPE '\\'`,
      )
      .pluck();
    const rows = db.prepare(
      `SELECT id, ${exprs.map((e, i) => `${e} AS v${i}`).join(', ')} FROM hosts WHERE id IN (SELECT value FROM json_each(?))`,
    );
    await eachRange(db, 'hosts', chunk, opts.signal, (lo, hi) => {
      const found = (candidates.all(bind(lo, hi)) as number[]).filter((id) => !ids.has(id));
      if (found.length === 0) return;
      for (const row of rows.all(JSON.stringify(found)) as Array<Record<string, unknown> & { id: number }>) {
        if (exprs.some((_e, i) => matches(row[`v${i}`]))) ids.add(row.id);
      }
    });
  }
  if (direct.length > 0) {
    const values = direct.map((e, i) => `${e} AS v${i}`).join(', ');
    const stmt = db.prepare(
      `SELECT id${pattern.literalOnly ? '' : `, ${values}`} FROM hosts WHERE id > @lo AND id <= @hi${pre(direct)}`,
    );
    await eachRange(db, 'hosts', chunk, opts.signal, (lo, hi) => {
      for (const row of stmt.all(bind(lo, hi)) as Array<Record<string, unknown> & { id: number }>) {
        if (ids.has(row.id)) continue;
        if (pattern.literalOnly || direct.some((_e, i) => matches(row[`v${i}`]))) ids.add(row.id);
      }
    });
  }

  if (sources.some((s) => s.kind === 'softwares')) {
    // `name (version)` labels: each distinct pair once, read from the (name, version) index.
    const hosts = db.prepare('SELECT host_id FROM host_softwares WHERE name = ? AND version IS ?').pluck();
    await eachDistinctSoftware(db, opts.signal, (name, version) => {
      if (!matches(`${name} (${version ?? ''})`)) return;
      for (const id of hosts.all(name, version) as number[]) ids.add(id);
    });
    // Registry keys differ per host: scanned by id range, pre-filtered in SQL.
    const stmt = db.prepare(
      `SELECT host_id, key FROM host_softwares WHERE id > @lo AND id <= @hi AND key IS NOT NULL${pre(['key'])}`,
    );
    await eachRange(db, 'host_softwares', chunk * 10, opts.signal, (lo, hi) => {
      for (const r of stmt.all(bind(lo, hi)) as Array<{ host_id: number; key: unknown }>) {
        if (!ids.has(r.host_id) && matches(r.key)) ids.add(r.host_id);
      }
    });
  }

  for (const groupsOnly of [false, true]) {
    if (!sources.some((s) => s.kind === 'packages' && s.groupsOnly === groupsOnly)) continue;
    const section = groupsOnly ? " AND section = 'group'" : '';
    const hosts = db.prepare(`SELECT host_id FROM host_packages WHERE package = ?${section}`).pluck();
    const next = db
      .prepare(`SELECT package FROM host_packages WHERE package > ?${section} ORDER BY package LIMIT 1`)
      .pluck();
    // Package names repeat across hosts: walk the distinct names on the index, one seek each.
    let name = next.get('') as string | undefined;
    for (let n = 1; name !== undefined; n++) {
      if (matches(name)) for (const id of hosts.all(name) as number[]) ids.add(id);
      if (n % 200 === 0) await pause(opts.signal);
      name = next.get(name) as string | undefined;
    }
  }
  return ids;
}

/** Lower case as RE2's case folding sees the needle's letters (the long s is an s). */
function foldForNeedle(s: string): string {
  return s.toLowerCase().replace(/\u017f/g, 's');
}

async function pause(signal: AbortSignal | undefined): Promise<void> {
  await yieldTurn();
  if (signal?.aborted) throw new SearchCancelledError();
}

/** Calls `visit` once per distinct (name, version) of host_softwares, walking its index. */
async function eachDistinctSoftware(
  db: Db,
  signal: AbortSignal | undefined,
  visit: (name: string, version: string | null) => void,
): Promise<void> {
  const nextName = db.prepare('SELECT name FROM host_softwares WHERE name > ? ORDER BY name LIMIT 1').pluck();
  const versionIs = db
    .prepare('SELECT 1 FROM host_softwares WHERE name = ? AND version IS ? LIMIT 1')
    .pluck();
  const nextVersion = db
    .prepare('SELECT version FROM host_softwares WHERE name = ? AND version > ? ORDER BY version LIMIT 1')
    .pluck();
  const nameExists = db.prepare("SELECT 1 FROM host_softwares WHERE name = '' LIMIT 1").pluck();
  let n = 0;
  // `> ''` skips the empty string itself, so the empty name and empty version are looked up apart.
  let name = (nameExists.get() !== undefined ? '' : nextName.get('')) as string | undefined;
  while (name !== undefined) {
    if (versionIs.get(name, null) !== undefined) visit(name, null);
    if (versionIs.get(name, '') !== undefined) visit(name, '');
    for (let v = nextVersion.get(name, '') as string | undefined; v !== undefined;) {
      visit(name, v);
      v = nextVersion.get(name, v) as string | undefined;
      if (++n % 200 === 0) await pause(signal);
    }
    name = nextName.get(name) as string | undefined;
    if (++n % 200 === 0) await pause(signal);
  }
}
