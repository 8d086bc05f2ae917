/**
 * What the control-attribute signature covers (docs/wapt-package-format.md §8): the canonical JSON of
 * the attributes named in `signed_attributes`, valued as the agent reads them back.
 */
import { canonicalJson, type CanonicalJsonValue } from './canonical-json';
import { DATA_ATTRIBUTES, DEFAULT_SIGNED_ATTRIBUTES, controlList, type Control } from './control';

const DATA_SET: ReadonlySet<string> = new Set(DATA_ATTRIBUTES);

/** Before 2017-06-09 WAPT signed only these, with an empty `signed_attributes` (§8.1 legacy rule). */
export const LEGACY_SIGNED_ATTRIBUTES = [
  'package',
  'version',
  'architecture',
  'section',
  'priority',
  'depends',
  'conflicts',
  'maturity',
] as const;

/** The attribute names the signature of this control covers. */
export function signedAttributeNames(control: Control): string[] {
  const listed = controlList(control.signed_attributes);
  if (listed.length > 0) return listed;
  if (String(control.signature_date ?? '') < '20170609') return [...LEGACY_SIGNED_ATTRIBUTES];
  // [inferred] an empty list on a recent package: the agent falls back to its default list.
  return [...DEFAULT_SIGNED_ATTRIBUTES];
}

/** The exact ASCII text signed by the `signature` attribute (§8.2). */
export function controlSignedPayload(control: Control): string {
  const obj: Record<string, CanonicalJsonValue> = {};
  for (const name of signedAttributeNames(control)) {
    if (name === 'signature') continue;
    const value = control[name];
    obj[name] = value !== undefined ? value : DATA_SET.has(name) ? '' : null;
  }
  return canonicalJson(obj);
}

/**
 * `datetime.now().isoformat()` for a JS date in local time: microseconds come from the
 * milliseconds and are omitted when zero, as Python omits them.
 */
export function isoformatNoZone(date: Date, utc = false): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const y = utc ? date.getUTCFullYear() : date.getFullYear();
  const mo = (utc ? date.getUTCMonth() : date.getMonth()) + 1;
  const d = utc ? date.getUTCDate() : date.getDate();
  const h = utc ? date.getUTCHours() : date.getHours();
  const mi = utc ? date.getUTCMinutes() : date.getMinutes();
  const s = utc ? date.getUTCSeconds() : date.getSeconds();
  const ms = utc ? date.getUTCMilliseconds() : date.getMilliseconds();
  const base = `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}`;
  return ms === 0 ? base : `${base}.${p(ms, 3)}000`;
}
