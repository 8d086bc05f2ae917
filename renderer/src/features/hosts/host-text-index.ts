import type { HostRow } from '../../../../common/ipc/methods/hosts';

/**
 * The text the hosts grid's quick filter searches (client-side mode): every value of a host,
 * lower-cased, one value per line. A row matches when each word of the query is in its text.
 */
export function hostSearchText(row: HostRow): string {
  return Object.values(row)
    .map((v) => (v === null ? '' : Array.isArray(v) ? v.join(' ') : String(v)))
    .join('\n')
    .toLowerCase();
}

/** Splits a typed query into its lower-cased words (the quick filter's "every word must match"). */
export function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * The search texts of a listing's hosts laid end to end in one string, each followed by a line
 * break, with where each host's text starts.
 *
 * Why: testing 50,000 texts one by one was most of a quick-filter search over 50,000 hosts (a
 * call, a lookup and a scan per host). Here the longest word is looked for in the one string, so
 * the engine's substring search skips along the whole listing in one go and only the hosts it lands
 * in are looked at; the other words are checked in those hosts' texts. A word never holds white
 * space (queryWords), so a match never runs from one host's text into the next.
 */
export class HostTextIndex {
  private readonly text: string;
  /** starts[i] is where host i's text begins; starts[n] is the end. */
  private readonly starts: Int32Array;
  private readonly held: Set<HostRow>;

  constructor(readonly rows: readonly HostRow[]) {
    const parts = new Array<string>(rows.length);
    const starts = new Int32Array(rows.length + 1);
    let at = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const text = `${hostSearchText(row)}\n`;
      parts[i] = text;
      starts[i] = at;
      at += text.length;
    }
    starts[rows.length] = at;
    this.starts = starts;
    this.text = parts.join('');
    this.held = new Set(rows);
  }

  /** Whether `row` is one of this listing's hosts (the same object). */
  has(row: HostRow): boolean {
    return this.held.has(row);
  }

  /** The hosts whose text holds every one of `words` (lower-case, no white space, at least one). */
  matching(words: readonly string[]): Set<HostRow> {
    const found = new Set<HostRow>();
    if (words.length === 0) return found;
    let scan = words[0]!;
    for (const w of words) if (w.length > scan.length) scan = w;
    const others = words.filter((w) => w !== scan);
    const { text, starts, rows } = this;
    for (let from = 0; from < text.length;) {
      const at = text.indexOf(scan, from);
      if (at === -1) break;
      const i = hostAt(starts, at);
      const end = starts[i + 1]!;
      if (others.length === 0) found.add(rows[i]!);
      else {
        const own = text.slice(starts[i], end);
        if (others.every((w) => own.includes(w))) found.add(rows[i]!);
      }
      from = end;
    }
    return found;
  }
}

/** The host whose text holds position `at`: the last start at or before it (binary search). */
function hostAt(starts: Int32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
