/**
 * Editing WUA rule packages (docs/wapt-console-features.md §1.B, §3 #3–#4): the draft model, RULES.json
 * parsing for the CLI, the diff shown before signing, the three-way merge offered when another
 * console saved the same package first, and the version bump. Pure: used by main (save, CLI) and
 * by the renderer (live diff, merge).
 *
 * Inferred (not in the spec): the exact JSON layout written in `waptwua_rules.json` (2-space
 * indentation, keys in the §12.4 order, empty lists omitted), the version bump rule and the merge
 * policy; WAPT's own editor has no merge (it overwrites).
 */
import { compareVersions, isValidVersion } from './version';
import { normalizeWuaRules, WUA_LIST_KEYS, type WuaListKey, type WuaRules } from './wua-rules';

export const RULE_MATURITIES = ['DEV', 'PREPROD', 'PROD'] as const;
export type RuleMaturity = (typeof RULE_MATURITIES)[number];

/** The keys of `waptwua_rules.json` in the order this console writes them (§12.4 list). */
export const RULES_JSON_KEYS = [
  'allowed_updates',
  'forbidden_updates',
  'allowed_kbs',
  'forbidden_kbs',
  'allowed_products',
  'allowed_classifications',
  'allowed_severities',
  'default_allow',
  'include_potentially_superseded_updates',
] as const;

/** What the editor edits and the CLI reads: the package header plus its rules. */
export interface RulesPackageSpec {
  package: string;
  version: string;
  description: string;
  maturity: string;
  rules: WuaRules;
}

/** The `waptwua_rules.json` text: stable key order, lists deduplicated (case-insensitively), empty lists dropped. */
export function serializeRulesJson(rules: WuaRules): string {
  const clean = cleanRules(rules);
  const out: Record<string, unknown> = {};
  for (const k of RULES_JSON_KEYS) if (clean[k] !== undefined) out[k] = clean[k];
  return `${JSON.stringify(out, null, 2)}\n`;
}

function dedupe(list: readonly string[], key: WuaListKey): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list) {
    const v = raw.trim();
    if (v === '') continue;
    const norm = key.endsWith('_kbs') ? normalizeKbValue(v) : v.toLowerCase();
    if (seen.has(norm)) continue;
    seen.add(norm);
    out.push(key.endsWith('_kbs') ? normalizeKbValue(v) : v);
  }
  return out;
}

/** `5034441`, `kb5034441` → `KB5034441` (the form WAPT's rules use). */
export function normalizeKbValue(kb: string): string {
  return `KB${kb.trim().toUpperCase().replace(/^KB/, '')}`;
}

/** Normalised rules: trimmed, deduplicated, empty lists removed. */
export function cleanRules(rules: WuaRules): WuaRules {
  const n = normalizeWuaRules(rules);
  const out: WuaRules = {};
  for (const k of WUA_LIST_KEYS) {
    const list = dedupe(n[k] ?? [], k);
    if (list.length > 0) out[k] = list;
  }
  if (n.default_allow !== undefined) out.default_allow = n.default_allow;
  if (n.include_potentially_superseded_updates !== undefined)
    out.include_potentially_superseded_updates = n.include_potentially_superseded_updates;
  return out;
}

const UPDATE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(_\d+)?$/i;
const KB = /^(KB)?\d{4,8}$/i;
const PACKAGE_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

export interface RulesIssue {
  field: string;
  /** English, for the CLI and logs; the window says `issue.<code>` from `params` (docs/i18n.md). */
  message: string;
  code:
    | 'RULES_PACKAGE_NAME'
    | 'RULES_VERSION'
    | 'RULES_MATURITY'
    | 'RULES_DESCRIPTION'
    | 'RULES_UPDATE_ID'
    | 'RULES_KB';
  /** The field and the offending value: update ids, KBs and versions are never secrets. */
  params: { field: string; value?: string };
}

/** Problems that would make a rules package unusable (empty = fine). */
export function validateRulesSpec(spec: RulesPackageSpec): RulesIssue[] {
  const issues: RulesIssue[] = [];
  if (!PACKAGE_NAME.test(spec.package) || spec.package.length > 200)
    issues.push({
      field: 'package',
      message: 'package name: lower-case letters, digits, "-", "_" and "." only',
      code: 'RULES_PACKAGE_NAME',
      params: { field: 'package' },
    });
  if (!isValidVersion(spec.version))
    issues.push({
      field: 'version',
      message: `"${spec.version}" is not a WAPT version`,
      code: 'RULES_VERSION',
      params: { field: 'version', value: spec.version },
    });
  if (!/^[A-Za-z0-9]*$/.test(spec.maturity))
    issues.push({
      field: 'maturity',
      message: 'maturity: letters and digits only (DEV, PREPROD, PROD)',
      code: 'RULES_MATURITY',
      params: { field: 'maturity' },
    });
  // eslint-disable-next-line no-control-regex -- line breaks other than \n would split the control file (§2.1)
  if (/[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]/.test(spec.description))
    issues.push({
      field: 'description',
      message: 'description: unsupported line-break character',
      code: 'RULES_DESCRIPTION',
      params: { field: 'description' },
    });
  for (const k of ['allowed_updates', 'forbidden_updates'] as const)
    for (const v of spec.rules[k] ?? [])
      if (!UPDATE_ID.test(v.trim()))
        issues.push({
          field: k,
          message: `${k}: "${v}" is not an update id (GUID or GUID_revision)`,
          code: 'RULES_UPDATE_ID',
          params: { field: k, value: v },
        });
  for (const k of ['allowed_kbs', 'forbidden_kbs'] as const)
    for (const v of spec.rules[k] ?? [])
      if (!KB.test(v.trim()))
        issues.push({
          field: k,
          message: `${k}: "${v}" is not a KB number`,
          code: 'RULES_KB',
          params: { field: k, value: v },
        });
  return issues;
}

const SPEC_KEYS = new Set(['package', 'version', 'description', 'maturity', ...RULES_JSON_KEYS]);

/**
 * Reads a RULES.json file of the CLI: header keys (`package`, `version`, `description`,
 * `maturity`) next to the rule keys of §12.4. Unknown keys and wrong types are errors here (a
 * typo must not silently drop a rule), unlike the agent-side reader.
 */
export function parseRulesSpec(text: string): RulesPackageSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`RULES.json is not valid JSON: ${(err as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new Error('RULES.json must hold a JSON object');
  const obj = raw as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !SPEC_KEYS.has(k));
  if (unknown.length > 0) throw new Error(`RULES.json: unknown key(s) ${unknown.join(', ')}`);
  const str = (k: string, required: boolean): string => {
    const v = obj[k];
    if (v === undefined && !required) return '';
    if (typeof v !== 'string' && !(k === 'version' && typeof v === 'number'))
      throw new Error(`RULES.json: "${k}" must be a string`);
    return String(v).trim();
  };
  for (const k of WUA_LIST_KEYS)
    if (
      obj[k] !== undefined &&
      !(Array.isArray(obj[k]) && (obj[k] as unknown[]).every((x) => typeof x === 'string'))
    )
      throw new Error(`RULES.json: "${k}" must be a list of strings`);
  for (const k of ['default_allow', 'include_potentially_superseded_updates'])
    if (obj[k] !== undefined && typeof obj[k] !== 'boolean')
      throw new Error(`RULES.json: "${k}" must be true or false`);
  const spec: RulesPackageSpec = {
    package: str('package', true),
    version: obj.version === undefined ? '0' : str('version', true),
    description: str('description', false),
    maturity: str('maturity', false).toUpperCase(),
    rules: cleanRules(obj),
  };
  const issues = validateRulesSpec(spec);
  if (issues.length > 0) throw new Error(`RULES.json: ${issues.map((i) => i.message).join('; ')}`);
  return spec;
}

/**
 * The next version on save: the last number of the version is incremented (`0` → `1`,
 * `1.2` → `1.3`, `3-2` → `3-3`); a version ending with letters gets `.1` appended. Always greater
 * than the input by {@link compareVersions}. Inferred: WAPT's editor starts at 0 and counts up.
 */
export function nextRulesVersion(version: string | null | undefined, atLeastAbove?: string | null): string {
  const base = version && isValidVersion(version) ? version : null;
  let next: string;
  if (base === null) next = '1';
  else {
    const m = /^(.*?)(\d+)$/.exec(base);
    next = m ? `${m[1]}${Number(m[2]) + 1}` : `${base}.1`;
    if (!isValidVersion(next) || compareVersions(next, base) <= 0) next = `${base.replace(/-.*$/, '')}.1`;
  }
  if (atLeastAbove && isValidVersion(atLeastAbove) && compareVersions(next, atLeastAbove) <= 0)
    return nextRulesVersion(atLeastAbove);
  return next;
}

/** `<prefix>-waptwua-<group>` (waptdevutils.py convention, docs/wapt-package-format.md §12.4). */
export function rulesPackageName(prefix: string, group: string): string {
  const clean = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const p = clean(prefix);
  const g = clean(group).replace(/^waptwua-/, '');
  return p === '' ? `waptwua-${g}` : `${p}-waptwua-${g}`;
}

/** The most common `<prefix>-` among package names (WAPT's default_package_prefix is per console; this guesses it). */
export function guessPackagePrefix(names: readonly string[], fallback = 'tis'): string {
  const counts = new Map<string, number>();
  for (const n of names) {
    const m = /^([a-z0-9]+)-/.exec(n);
    if (m) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  let best = fallback;
  let bestN = 0;
  for (const [p, c] of counts) if (c > bestN) [best, bestN] = [p, c];
  return best;
}

export interface ListDiff {
  added: string[];
  removed: string[];
}

export interface RulesDiff {
  lists: Record<WuaListKey, ListDiff>;
  default_allow: { from: boolean | null; to: boolean | null } | null;
  include_potentially_superseded_updates: { from: boolean | null; to: boolean | null } | null;
  description: { from: string; to: string } | null;
  maturity: { from: string; to: string } | null;
  signer: {
    from: string | null;
    to: string | null;
    fromFingerprint: string | null;
    toFingerprint: string | null;
  } | null;
  /** True when nothing differs (rules, header and signer). */
  empty: boolean;
}

function listKey(key: WuaListKey, v: string): string {
  return key.endsWith('_kbs') ? normalizeKbValue(v) : v.trim().toLowerCase();
}

function diffList(key: WuaListKey, from: readonly string[], to: readonly string[]): ListDiff {
  const f = new Set(from.map((v) => listKey(key, v)));
  const t = new Set(to.map((v) => listKey(key, v)));
  return {
    added: dedupe(to, key).filter((v) => !f.has(listKey(key, v))),
    removed: dedupe(from, key).filter((v) => !t.has(listKey(key, v))),
  };
}

export interface DiffSide {
  rules: WuaRules;
  description?: string;
  maturity?: string;
  signer?: string | null;
  signerFingerprint?: string | null;
}

/** What changes between the previous version (`from`, null for a new package) and the draft. */
export function diffRulesPackages(from: DiffSide | null, to: DiffSide): RulesDiff {
  const a = from ? cleanRules(from.rules) : {};
  const b = cleanRules(to.rules);
  const lists = Object.fromEntries(
    WUA_LIST_KEYS.map((k) => [k, diffList(k, a[k] ?? [], b[k] ?? [])]),
  ) as Record<WuaListKey, ListDiff>;
  const scalar = (k: 'default_allow' | 'include_potentially_superseded_updates') =>
    (a[k] ?? null) === (b[k] ?? null) ? null : { from: a[k] ?? null, to: b[k] ?? null };
  const text = (x: string | undefined, y: string | undefined) =>
    (x ?? '') === (y ?? '') ? null : { from: x ?? '', to: y ?? '' };
  const signerChanged =
    to.signerFingerprint !== undefined &&
    (from?.signerFingerprint ?? null) !== (to.signerFingerprint ?? null);
  const diff: RulesDiff = {
    lists,
    default_allow: scalar('default_allow'),
    include_potentially_superseded_updates: scalar('include_potentially_superseded_updates'),
    description: to.description === undefined ? null : text(from?.description, to.description),
    maturity: to.maturity === undefined ? null : text(from?.maturity, to.maturity),
    signer: signerChanged
      ? {
          from: from?.signer ?? null,
          to: to.signer ?? null,
          fromFingerprint: from?.signerFingerprint ?? null,
          toFingerprint: to.signerFingerprint ?? null,
        }
      : null,
    empty: false,
  };
  diff.empty =
    WUA_LIST_KEYS.every((k) => lists[k].added.length === 0 && lists[k].removed.length === 0) &&
    diff.default_allow === null &&
    diff.include_potentially_superseded_updates === null &&
    diff.description === null &&
    diff.maturity === null &&
    diff.signer === null;
  return diff;
}

/**
 * Three-way merge when another console saved the same package after we loaded it: start from
 * `theirs`, apply what we changed relative to `base` (our additions added, our removals removed),
 * and for scalars keep ours only when we changed them. A value we added that they removed comes
 * back (our edit is newer intent); `conflicts` lists scalars both sides changed differently, in
 * which case ours wins and the user is told.
 */
export function mergeRulesThreeWay(
  base: WuaRules,
  ours: WuaRules,
  theirs: WuaRules,
): { rules: WuaRules; conflicts: string[] } {
  const b = cleanRules(base);
  const o = cleanRules(ours);
  const t = cleanRules(theirs);
  const out: WuaRules = {};
  for (const k of WUA_LIST_KEYS) {
    const d = diffList(k, b[k] ?? [], o[k] ?? []);
    const removed = new Set(d.removed.map((v) => listKey(k, v)));
    const list = dedupe([...(t[k] ?? []).filter((v) => !removed.has(listKey(k, v))), ...d.added], k);
    if (list.length > 0) out[k] = list;
  }
  const conflicts: string[] = [];
  for (const k of ['default_allow', 'include_potentially_superseded_updates'] as const) {
    const oursChanged = b[k] !== o[k];
    const theirsChanged = b[k] !== t[k];
    const v = oursChanged ? o[k] : t[k];
    if (oursChanged && theirsChanged && o[k] !== t[k]) conflicts.push(k);
    if (v !== undefined) out[k] = v;
  }
  return { rules: out, conflicts };
}
