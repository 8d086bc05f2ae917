/** Small helpers shared by the server modules. */

/**
 * ISO time as WAPT's PostgreSQL renders a timestamp without zone:
 * `YYYY-MM-DDTHH:MM:SS.ffffff` (UTC here; the server runs in UTC).
 */
export function isoTimestamp(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace('Z', '000');
}

export function parseJsonColumn(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function toJsonColumn(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Text of a JSON-ish value: strings as is, numbers/booleans printed, anything else '' (never "[object Object]"). */
export function text(value: unknown, dflt = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return dflt;
}

/** Splits a csv query parameter: trimmed, empty items dropped. */
export function csv(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const s = Array.isArray(value) ? value.map((v) => text(v)).join(',') : text(value);
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** Deterministic PRNG (mulberry32): the demo fleet is a pure function of its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const intBetween = (rng: Rng, min: number, max: number): number =>
  min + Math.floor(rng() * (max - min + 1));

/** A GUID drawn from the PRNG (upper or lower case). */
export function guid(rng: Rng, upper = false): string {
  const hex = () => Math.floor(rng() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  const g = `${part(8)}-${part(4)}-4${part(3)}-${'89ab'[Math.floor(rng() * 4)]}${part(3)}-${part(12)}`;
  return upper ? g.toUpperCase() : g;
}
