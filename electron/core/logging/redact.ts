/**
 * The redaction step every log record passes before it is written (docs/logging.md): the log
 * file is read by whoever diagnoses a problem, often far from the administrator, so it must never
 * hold a password, a token, a session cookie or private key material, whatever a caller passes.
 * Two rules, both applied to the whole record: a field whose NAME says it is a secret is replaced,
 * and secret-looking CONTENT inside any string (a PEM private key, URL credentials, `password=`
 * pairs) is cut out. Bytes are never logged (they could be a DER key): only their length.
 */

export const REDACTED = '[redacted]';

/** Field names that hold secrets, whatever their value (camelCase, snake_case or kebab-case). */
const SECRET_NAME =
  /pass(word|phrase|wd)?$|^pwd?$|secret|token|cookie|authorization|credential|private.?key|^key(pem|material|data|bytes)?$|^pem$|^pfx$|^p12$|signature$/i;

const PEM_PRIVATE_KEY =
  /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$)/g;
const PUTTY_KEY = /PuTTY-User-Key-File-\d+:[\s\S]*?(?:Private-MAC:[^\n]*|$)/g;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi;
const SECRET_PAIR = /\b(pass(?:word|phrase|wd)?|pwd|token|secret|session|api[_-]?key)=([^\s&;#,"']+)/gi;

const MAX_DEPTH = 6;
const MAX_STRING = 4000;

export function redactText(text: string): string {
  const cut = text
    .replace(PEM_PRIVATE_KEY, '[redacted private key]')
    .replace(PUTTY_KEY, '[redacted private key]')
    .replace(URL_CREDENTIALS, `$1:${REDACTED}@`)
    .replace(SECRET_PAIR, `$1=${REDACTED}`);
  return cut.length > MAX_STRING ? `${cut.slice(0, MAX_STRING)}… (${cut.length} chars)` : cut;
}

export function isSecretFieldName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A copy of `value` that is safe to write to the log file. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; details?: unknown };
    return redactValue(
      { name: e.name, message: e.message, code: e.code, details: e.details, stack: e.stack },
      depth + 1,
    );
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[k] = isSecretFieldName(k) ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}

export function redactFields(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  return fields === undefined ? {} : (redactValue(fields) as Record<string, unknown>);
}
