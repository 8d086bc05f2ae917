/**
 * The exact JSON text WAPT signs: Python 2 `json.dumps(obj, sort_keys=True, separators=(',', ':'))`
 * with its default `ensure_ascii=True` (docs/wapt-package-format.md §8.2, docs/wapt-server-api.md §5.1).
 *
 * `JSON.stringify` is not it: it keeps non-ASCII and DEL raw, writes `\u001F` style escapes with
 * upper-case hex only for controls, and keeps insertion order. Signatures are over these exact
 * bytes, so every rule below matters.
 */

export type CanonicalJsonValue =
  | string
  | number
  | boolean
  | null
  | readonly CanonicalJsonValue[]
  | { readonly [key: string]: CanonicalJsonValue | undefined };

export class CanonicalJsonError extends Error {}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** Python's ESCAPE_ASCII: everything outside printable ASCII (0x20–0x7E), `"` and `\`. */
export function pythonJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    // Iterating UTF-16 code units yields the surrogate pairs Python writes above U+FFFF.
    else if (code < 0x20 || code >= 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Python 2.7 `repr(float)`: the shortest round-tripping digits (same as JavaScript), but the
 * exponent form is used from 1e16 up and below 1e-4, written `1e+16` / `1e-05`, and integral
 * values keep `.0`. A JS number that is a safe integer is written as a Python int (JSON cannot tell).
 */
export function pythonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new CanonicalJsonError(`cannot sign a non-finite number (${n})`);
  // Beyond 2^53 a JS number can only have come from a float, so it is written as Python writes floats.
  if (Number.isSafeInteger(n)) return Object.is(n, -0) ? '0' : String(n);
  const [mantissa, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let body: string;
  if (exp >= -5 && exp < 16) {
    // Python switches to exponent notation when the decimal exponent is < -4 or >= 16.
    if (exp < -4) body = formatExp(digits, exp);
    else if (exp < 0) body = `0.${'0'.repeat(-exp - 1)}${digits}`;
    else if (digits.length <= exp + 1) body = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
    else body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else body = formatExp(digits, exp);
  return negative ? `-${body}` : body;
}

function formatExp(digits: string, exp: number): string {
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${m}e${exp < 0 ? '-' : '+'}${e}`;
}

/** Sorted by code point, as Python sorts unicode keys (JS sort compares UTF-16 code units). */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

export function canonicalJson(value: CanonicalJsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return pythonJsonString(value);
    case 'number':
      return pythonNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`cannot serialise a ${typeof value}`);
  }
  if (Array.isArray(value))
    return `[${(value as readonly CanonicalJsonValue[]).map(canonicalJson).join(',')}]`;
  const obj = value as { readonly [key: string]: CanonicalJsonValue | undefined };
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort(compareCodePoints);
  return `{${keys.map((k) => `${pythonJsonString(k)}:${canonicalJson(obj[k]!)}`).join(',')}}`;
}
