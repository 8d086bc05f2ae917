import { RE2JS } from 're2js';

/**
 * The hosts `filter` pattern (docs/wapt-server-api.md §3.2: WAPT runs PostgreSQL's case-insensitive `~*`),
 * compiled with RE2 (the `re2js` package): matching time is linear in the text, so a pattern such
 * as `^([a-z0-9.-]+)+!` cannot freeze the server the way a backtracking engine (JavaScript's
 * RegExp) does. RE2 refuses what needs backtracking (back-references, look-arounds); such a
 * pattern is a bad parameter, never a slow search (docs/reference-server.md, "Host search").
 */
export interface SearchPattern {
  readonly source: string;
  /**
   * Lower-case ASCII text every match must contain (a "required literal"), or null. SQL tests it
   * with `instr(lower(column), needle)` so only candidate rows reach JavaScript.
   */
  readonly needle: string | null;
  /** True when the pattern is exactly `needle` (no regular-expression syntax): SQL decides alone. */
  readonly literalOnly: boolean;
  test(value: string): boolean;
}

export class SearchPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchPatternError';
  }
}

export const MAX_PATTERN_LENGTH = 1000;
const CACHE = new Map<string, SearchPattern>();

const META = new Set('\\^$.|?*+()[]{}'.split(''));
// Escapes that stand for one literal character (`\.` is a dot), as opposed to classes like `\d`.
const ESCAPED_LITERAL = /^[^A-Za-z0-9]$/;

/**
 * The longest run of characters every match must contain, read from the top level of the
 * pattern only: no top-level alternation, outside groups and classes, and not made optional by
 * `?`, `*` or `{`. Returns lower-case ASCII (SQLite's lower() folds ASCII only), or null.
 */
export function requiredLiteral(pattern: string): string | null {
  let depth = 0;
  let inClass = false;
  let best = '';
  let run = '';
  const close = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (inClass) {
      if (c === '\\') i++;
      else if (c === ']') inClass = false;
      continue;
    }
    let lit: string | null = null;
    if (c === '\\') {
      const n = pattern[i + 1];
      i++;
      if (n !== undefined && ESCAPED_LITERAL.test(n)) lit = n;
    } else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '|' && depth === 0) return null;
    else if (!META.has(c)) lit = c;
    if (lit === null || depth > 0 || lit.charCodeAt(0) > 0x7e || lit.charCodeAt(0) < 0x20) {
      close();
      continue;
    }
    const next = pattern[i + 1];
    if (next === '?' || next === '*' || next === '{') {
      close();
      continue;
    }
    run += lit.toLowerCase();
    if (next === '+') close();
  }
  close();
  return best === '' ? null : best;
}

/** Compiles (and caches) a filter pattern; throws SearchPatternError for an invalid one. */
export function compileSearchPattern(pattern: string): SearchPattern {
  const cached = CACHE.get(pattern);
  if (cached !== undefined) return cached;
  if (pattern.length > MAX_PATTERN_LENGTH)
    throw new SearchPatternError(`regular expression longer than ${MAX_PATTERN_LENGTH} characters`);
  if (pattern.includes('\0')) throw new SearchPatternError('regular expression contains a NUL character');
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    // RE2's message names the offending piece of the pattern (no stack, no path).
    const msg = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    throw new SearchPatternError(`invalid regular expression: ${msg}`);
  }
  const plain = [...pattern].every((c) => !META.has(c));
  const ascii = /^[\x20-\x7e]*$/.test(pattern);
  const needle = requiredLiteral(pattern);
  const compiled: SearchPattern = {
    source: pattern,
    needle,
    // k and s also match non-ASCII letters under RE2's folding (Kelvin sign, long s) that the
    // SQL pre-filter only approximates: RE2 then decides (host-search.ts).
    literalOnly:
      plain && ascii && pattern !== '' && needle === pattern.toLowerCase() && !/[ks]/i.test(pattern),
    test: (value: string) => re.test(value),
  };
  if (CACHE.size >= 200) CACHE.clear();
  CACHE.set(pattern, compiled);
  return compiled;
}
