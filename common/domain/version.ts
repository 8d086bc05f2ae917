/**
 * Package versions (docs/wapt-package-format.md §3 #2): `MAJOR[.MINOR[.PATCH[.SUBPATCH]]][-PACKAGING]`.
 */

const VERSION_RE = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*))?$/;

export interface ParsedVersion {
  members: [number, number, number, number];
  packaging: string;
}

export function parseVersion(version: string): ParsedVersion | undefined {
  const m = VERSION_RE.exec(version);
  if (m === null) return undefined;
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  return { members: [n(m[1]), n(m[2]), n(m[3]), n(m[4])], packaging: m[5] ?? '' };
}

export function isValidVersion(version: string): boolean {
  return VERSION_RE.test(version);
}

/** Natural, digit-aware, case-insensitive comparison (used for the PACKAGING part). */
export function naturalCompare(a: string, b: string): number {
  const tokens = (s: string) => s.toLowerCase().match(/\d+|\D+/g) ?? [];
  const ta = tokens(a);
  const tb = tokens(b);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    const xn = /^\d/.test(x);
    const yn = /^\d/.test(y);
    let d: number;
    if (xn && yn) d = Number(x) - Number(y);
    else if (xn !== yn) d = xn ? -1 : 1;
    else d = x < y ? -1 : x > y ? 1 : 0;
    if (d !== 0) return Math.sign(d);
  }
  return Math.sign(ta.length - tb.length);
}

/** Orders two version strings: the four numeric members, then PACKAGING (natural order). */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (va === undefined || vb === undefined) return naturalCompare(a, b);
  for (let i = 0; i < 4; i++) {
    const d = va.members[i]! - vb.members[i]!;
    if (d !== 0) return Math.sign(d);
  }
  return naturalCompare(va.packaging, vb.packaging);
}
