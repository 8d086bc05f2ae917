/**
 * Text rules of the Python 2 (WAPT 1.8) agent that JavaScript does not share. The agent decodes
 * control files to `unicode` and then uses `splitlines()` and `strip()`, whose notions of "line
 * break" and "whitespace" are wider than (and different from) JavaScript's.
 */

/** Python `unicode.splitlines()` break characters (docs/wapt-package-format.md §2.1). */
export const PYTHON_LINE_BREAKS = [
  '\n',
  '\r',
  '\x0b',
  '\x0c',
  '\x1c',
  '\x1d',
  '\x1e',
  '\x85',
  '\u2028',
  '\u2029',
] as const;

/** The line breaks a value must never contain once CR/LF have been normalised to LF. */
// eslint-disable-next-line no-control-regex -- these control characters are exactly what is refused
export const FORBIDDEN_IN_VALUES = /[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/;

/**
 * Python 2.7 `unicode.isspace()`: bidi classes WS/B/S plus category Zs, from the Unicode 5.2
 * database Python 2.7 ships. JavaScript's `trim()` differs: it strips U+FEFF (Python does not)
 * and keeps U+001C–U+001F and U+0085 (Python strips them). U+180E is Zs in Unicode 5.2
 * [inferred from the Unicode version, not tested against a 1.8.2 agent].
 */
const PY_SPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x180e, 0x2000, 0x2001,
  0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f,
  0x3000,
]);

export function isPythonSpace(ch: string): boolean {
  return PY_SPACE.has(ch.charCodeAt(0));
}

/** Python `unicode.strip()` with no argument. */
export function pythonStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && PY_SPACE.has(s.charCodeAt(start))) start++;
  while (end > start && PY_SPACE.has(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** Python `unicode.splitlines()` (no keepends): `\r\n` counts as one break; no empty last item. */
export function pythonSplitLines(s: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if ((PYTHON_LINE_BREAKS as readonly string[]).includes(c)) {
      lines.push(s.slice(start, i));
      if (c === '\r' && s[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  if (start < s.length) lines.push(s.slice(start));
  return lines;
}

/**
 * Python 2 `long(text)` on an already stripped string: optional sign, decimal digits (any Unicode
 * decimal digit counts), optional `L`/`l` suffix. Returns undefined when it is not such an integer.
 * Integers beyond 2^53 cannot be held by a JS number; they are reported as out of range by callers.
 */
export function pythonLong(text: string): number | undefined {
  const m = /^([+-]?)(\p{Nd}+)[lL]?$/u.exec(text);
  if (m === null) return undefined;
  let digits = '';
  for (const ch of m[2]!) digits += String(unicodeDigitValue(ch));
  const n = Number(digits);
  return m[1] === '-' ? -n : n;
}

/**
 * Value of a Unicode decimal digit. Every Nd block is a run of 0–9 (some runs are adjacent, as in
 * the mathematical digits), so the value is the offset from the run start modulo 10.
 */
function unicodeDigitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  let start = cp;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}
