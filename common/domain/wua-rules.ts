/**
 * Windows-update (WUA) rules: merge the rules of the `section: wsus` packages a host carries and
 * decide, per update, what the agent does with it (docs/wapt-package-format.md §12.4,
 * docs/wapt-console-features.md §1.B).
 *
 * Pure and environment-free: the reference server's simulated agents, the console's impact preview
 * and its "why is this update in this state" trace all run this same code.
 *
 * What is documented and what is inferred:
 * - Keys, "lists concatenated, scalars overwritten" and the decision order (forbidden id, forbidden
 *   KB, allowed id, allowed KB, product, severity, classification, else default_allow) come from
 *   the spec, which itself marks them **inferred** from a later (2.x) Enterprise client.
 * - **Inferred here**: a `default_allow` set by a rules package overrides the agent ini's
 *   `default_allow` (the last package in merge order wins); the agent ini `allowed_severities`
 *   applies only when no package lists any `allowed_severities`; an update-id rule without a
 *   `_<revision>` suffix matches every revision of that GUID (pre-1.6.2.7 rule files); KB, id,
 *   product, classification and severity comparisons are case-insensitive; a bare number as
 *   `install_delay` counts days.
 * - **Inferred here** (host status vocabulary): OK = installed; DISCARDED = not allowed (or hidden);
 *   ERROR = allowed but the last install failed; MISSING = allowed and needed but its files are not
 *   in the host's cache yet; PENDING = allowed, needed and downloaded (ready to install; `delayed`
 *   tells whether install_delay still holds it back).
 */

export const WUA_LIST_KEYS = [
  'forbidden_updates',
  'forbidden_kbs',
  'allowed_updates',
  'allowed_kbs',
  'allowed_products',
  'allowed_severities',
  'allowed_classifications',
] as const;
export type WuaListKey = (typeof WUA_LIST_KEYS)[number];

/** Content of one package's `waptwua_rules.json` (every key optional). */
export interface WuaRules {
  allowed_updates?: string[];
  forbidden_updates?: string[];
  allowed_kbs?: string[];
  forbidden_kbs?: string[];
  allowed_products?: string[];
  allowed_classifications?: string[];
  allowed_severities?: string[];
  default_allow?: boolean;
  include_potentially_superseded_updates?: boolean;
}

/** A rules package as the host carries it. */
export interface WuaRulesPackage {
  package: string;
  version: string;
  rules: WuaRules;
}

export interface RuleSource {
  package: string;
  version: string;
}

export interface MergedRuleEntry {
  /** The value as written in the package (e.g. `KB5034441`). */
  value: string;
  /** The first package (in merge order) that listed it. */
  source: RuleSource;
}

export interface MergedWuaRules {
  lists: Record<WuaListKey, MergedRuleEntry[]>;
  default_allow?: { value: boolean; source: RuleSource };
  include_potentially_superseded_updates?: { value: boolean; source: RuleSource };
  /** The packages merged, in merge order. */
  packages: RuleSource[];
}

/** Agent ini settings of the `[waptwua]` section that take part in the decision. */
export interface WuaAgentSettings {
  default_allow: boolean;
  /** Used only when no rules package lists `allowed_severities`. */
  allowed_severities?: string[] | null;
  /** Delay after publication before install: `7d`, `12h`, `30m`, `3600s`, `2w`, or a number of days. */
  install_delay?: string | number | null;
}

/** The catalogue facts of one update revision needed to decide. */
export interface WuaUpdateFacts {
  update_id: string;
  kbids?: readonly string[] | null;
  product?: string | null;
  classification?: string | null;
  severity?: string | null;
  /** ISO publication date (WsusUpdates.changetime). */
  changetime?: string | null;
}

/** What the host's Windows Update agent knows locally; all false when omitted. */
export interface WuaLocalState {
  installed?: boolean;
  hidden?: boolean;
  downloaded?: boolean;
  /** The last install attempt of this update failed. */
  lastInstallFailed?: boolean;
}

export type WuaHostStatus = 'OK' | 'PENDING' | 'MISSING' | 'DISCARDED' | 'ERROR';

export type WuaRuleKind = WuaListKey | 'default_allow' | 'hidden';

export interface WuaDecision {
  status: WuaHostStatus;
  allowed: boolean;
  /** Allowed and not installed, but still within install_delay. */
  delayed: boolean;
  decidedBy: {
    kind: WuaRuleKind;
    /** Where the deciding rule came from: a rules package or the agent ini. */
    origin: 'package' | 'agent';
    package?: string;
    version?: string;
    /** The matching rule value (update id, KB, product…); absent for default_allow. */
    value?: string;
  };
  /** ISO time at which install_delay expires (only when the update is delayed). */
  delayedUntil?: string;
}

function emptyLists(): Record<WuaListKey, MergedRuleEntry[]> {
  return {
    forbidden_updates: [],
    forbidden_kbs: [],
    allowed_updates: [],
    allowed_kbs: [],
    allowed_products: [],
    allowed_severities: [],
    allowed_classifications: [],
  };
}

function asStringList(v: unknown): string[] {
  if (Array.isArray(v))
    return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  if (typeof v === 'string')
    return v
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
  return [];
}

/**
 * Reads an untrusted `waptwua_rules.json` value into {@link WuaRules}: unknown keys dropped,
 * lists given as csv strings accepted, wrong types ignored. Never throws.
 */
export function normalizeWuaRules(raw: unknown): WuaRules {
  const out: WuaRules = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return out;
  const obj = raw as Record<string, unknown>;
  for (const key of WUA_LIST_KEYS) {
    if (key in obj) out[key] = asStringList(obj[key]);
  }
  if (typeof obj.default_allow === 'boolean') out.default_allow = obj.default_allow;
  if (typeof obj.include_potentially_superseded_updates === 'boolean') {
    out.include_potentially_superseded_updates = obj.include_potentially_superseded_updates;
  }
  return out;
}

/**
 * Merges rules packages in the given order: lists are concatenated (a value listed twice keeps its
 * first source), scalars are overwritten (the last package that sets one wins).
 */
export function mergeRules(packages: readonly WuaRulesPackage[]): MergedWuaRules {
  const lists = emptyLists();
  const seen: Record<WuaListKey, Set<string>> = {
    forbidden_updates: new Set(),
    forbidden_kbs: new Set(),
    allowed_updates: new Set(),
    allowed_kbs: new Set(),
    allowed_products: new Set(),
    allowed_severities: new Set(),
    allowed_classifications: new Set(),
  };
  const merged: MergedWuaRules = { lists, packages: [] };
  for (const p of packages) {
    const source: RuleSource = { package: p.package, version: p.version };
    merged.packages.push(source);
    const rules = normalizeWuaRules(p.rules);
    for (const key of WUA_LIST_KEYS) {
      for (const value of rules[key] ?? []) {
        const norm = normalizeValue(key, value);
        if (seen[key].has(norm)) continue;
        seen[key].add(norm);
        lists[key].push({ value, source });
      }
    }
    if (rules.default_allow !== undefined) merged.default_allow = { value: rules.default_allow, source };
    if (rules.include_potentially_superseded_updates !== undefined) {
      merged.include_potentially_superseded_updates = {
        value: rules.include_potentially_superseded_updates,
        source,
      };
    }
  }
  return merged;
}

function normalizeKb(kb: string): string {
  return kb.trim().toUpperCase().replace(/^KB/, '');
}

function normalizeValue(key: WuaListKey, value: string): string {
  if (key === 'forbidden_kbs' || key === 'allowed_kbs') return normalizeKb(value);
  return value.trim().toLowerCase();
}

function matchUpdateId(rule: string, updateId: string): boolean {
  const r = rule.trim().toLowerCase();
  const u = updateId.toLowerCase();
  if (r === u) return true;
  // A rule written without the revision suffix covers every revision of the GUID (inferred).
  return !r.includes('_') && u.split('_')[0] === r;
}

const DURATION_UNITS_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Parses an install_delay into seconds; null when absent, empty or malformed. */
export function parseInstallDelaySeconds(delay: string | number | null | undefined): number | null {
  if (delay === null || delay === undefined) return null;
  if (typeof delay === 'number') return Number.isFinite(delay) && delay > 0 ? delay * 86_400 : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$/i.exec(delay);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] || 'd').toLowerCase();
  const seconds = n * DURATION_UNITS_S[unit]!;
  return seconds > 0 ? seconds : null;
}

function findEntry(
  entries: readonly MergedRuleEntry[],
  pred: (value: string) => boolean,
): MergedRuleEntry | undefined {
  return entries.find((e) => pred(e.value));
}

function ruleDecision(
  update: WuaUpdateFacts,
  rules: MergedWuaRules,
  settings: WuaAgentSettings,
): { allowed: boolean; decidedBy: WuaDecision['decidedBy'] } {
  const kbs = (update.kbids ?? []).map(normalizeKb);
  const eq = (a: string | null | undefined) => (v: string) =>
    a !== null && a !== undefined && v.trim().toLowerCase() === a.toLowerCase();
  const fromPackage = (kind: WuaRuleKind, allowed: boolean, e: MergedRuleEntry) => ({
    allowed,
    decidedBy: {
      kind,
      origin: 'package' as const,
      package: e.source.package,
      version: e.source.version,
      value: e.value,
    },
  });
  const L = rules.lists;
  let e = findEntry(L.forbidden_updates, (v) => matchUpdateId(v, update.update_id));
  if (e) return fromPackage('forbidden_updates', false, e);
  e = findEntry(L.forbidden_kbs, (v) => kbs.includes(normalizeKb(v)));
  if (e) return fromPackage('forbidden_kbs', false, e);
  e = findEntry(L.allowed_updates, (v) => matchUpdateId(v, update.update_id));
  if (e) return fromPackage('allowed_updates', true, e);
  e = findEntry(L.allowed_kbs, (v) => kbs.includes(normalizeKb(v)));
  if (e) return fromPackage('allowed_kbs', true, e);
  e = findEntry(L.allowed_products, eq(update.product));
  if (e) return fromPackage('allowed_products', true, e);
  if (L.allowed_severities.length > 0) {
    e = findEntry(L.allowed_severities, eq(update.severity));
    if (e) return fromPackage('allowed_severities', true, e);
  } else {
    const sev = (settings.allowed_severities ?? []).find(eq(update.severity));
    if (sev !== undefined)
      return { allowed: true, decidedBy: { kind: 'allowed_severities', origin: 'agent', value: sev } };
  }
  e = findEntry(L.allowed_classifications, eq(update.classification));
  if (e) return fromPackage('allowed_classifications', true, e);
  if (rules.default_allow) {
    const s = rules.default_allow.source;
    return {
      allowed: rules.default_allow.value,
      decidedBy: { kind: 'default_allow', origin: 'package', package: s.package, version: s.version },
    };
  }
  return { allowed: settings.default_allow, decidedBy: { kind: 'default_allow', origin: 'agent' } };
}

/**
 * Decides one update on one host. `now` is the evaluation instant (ms since epoch or Date), so a
 * preview can be computed for any date. Deterministic; never throws on odd input.
 */
export function decideUpdate(
  update: WuaUpdateFacts,
  rules: MergedWuaRules,
  settings: WuaAgentSettings,
  now: number | Date,
  local: WuaLocalState = {},
): WuaDecision {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const { allowed, decidedBy } = ruleDecision(update, rules, settings);
  let delayed = false;
  let delayedUntil: string | undefined;
  const delayS = parseInstallDelaySeconds(settings.install_delay);
  if (allowed && !local.installed && delayS !== null && update.changetime) {
    const published = Date.parse(update.changetime);
    if (Number.isFinite(published) && published + delayS * 1000 > nowMs) {
      delayed = true;
      delayedUntil = new Date(published + delayS * 1000).toISOString();
    }
  }
  let status: WuaHostStatus;
  if (local.installed) status = 'OK';
  else if (local.hidden) status = 'DISCARDED';
  else if (!allowed) status = 'DISCARDED';
  else if (local.lastInstallFailed) status = 'ERROR';
  else if (!local.downloaded) status = 'MISSING';
  else status = 'PENDING';
  const decision: WuaDecision = {
    status,
    allowed,
    delayed,
    decidedBy: local.hidden && !local.installed ? { kind: 'hidden', origin: 'agent' } : decidedBy,
  };
  if (delayedUntil !== undefined) decision.delayedUntil = delayedUntil;
  return decision;
}

/** One step of the decision order, as {@link traceDecision} evaluated it. */
export interface WuaTraceStep {
  kind: WuaListKey | 'default_allow' | 'hidden';
  /** What this step would decide if it matched. */
  allows: boolean;
  /** Rules of this kind present in the merged rules (0 = the step cannot match). */
  ruleCount: number;
  matched: boolean;
  /** The matching rule and where it came from (when matched). */
  value?: string;
  origin?: 'package' | 'agent';
  package?: string;
  version?: string;
  /** True for the step that decided; the steps after it were not reached. */
  decisive: boolean;
}

/**
 * The whole decision order for one update (the "explain" view): every step in the order of
 * {@link decideUpdate}, which ones could match, and the one that decided. Built from the same
 * matching code, so the decisive step always equals `decideUpdate(...).decidedBy` for the rule part
 * (a hidden update is reported by decideUpdate as `hidden` on top of this trace).
 */
export function traceDecision(
  update: WuaUpdateFacts,
  rules: MergedWuaRules,
  settings: WuaAgentSettings,
): WuaTraceStep[] {
  const decision = ruleDecision(update, rules, settings);
  const L = rules.lists;
  const agentSeverities = L.allowed_severities.length === 0 ? (settings.allowed_severities ?? []) : [];
  const order: Array<{ kind: WuaListKey | 'default_allow'; allows: boolean; count: number }> = [
    { kind: 'forbidden_updates', allows: false, count: L.forbidden_updates.length },
    { kind: 'forbidden_kbs', allows: false, count: L.forbidden_kbs.length },
    { kind: 'allowed_updates', allows: true, count: L.allowed_updates.length },
    { kind: 'allowed_kbs', allows: true, count: L.allowed_kbs.length },
    { kind: 'allowed_products', allows: true, count: L.allowed_products.length },
    {
      kind: 'allowed_severities',
      allows: true,
      count: L.allowed_severities.length || agentSeverities.length,
    },
    { kind: 'allowed_classifications', allows: true, count: L.allowed_classifications.length },
    {
      kind: 'default_allow',
      allows:
        decision.decidedBy.kind === 'default_allow'
          ? decision.allowed
          : (rules.default_allow?.value ?? settings.default_allow),
      count: 1,
    },
  ];
  let reached = true;
  return order.map((s) => {
    const decisive = reached && decision.decidedBy.kind === s.kind;
    const step: WuaTraceStep = {
      kind: s.kind,
      allows: s.allows,
      ruleCount: s.count,
      matched: decisive,
      decisive,
    };
    if (decisive) {
      reached = false;
      const by = decision.decidedBy;
      step.origin = by.origin;
      if (by.value !== undefined) step.value = by.value;
      if (by.package !== undefined) step.package = by.package;
      if (by.version !== undefined) step.version = by.version;
    } else if (s.kind !== 'default_allow') {
      // A later rule that also matches ("shadowed"): shown so the admin sees what lost.
      const e = matchListStep(s.kind, update, rules);
      if (e) {
        step.matched = true;
        step.value = e.value;
        step.origin = 'package';
        step.package = e.source.package;
        step.version = e.source.version;
      } else if (s.kind === 'allowed_severities' && L.allowed_severities.length === 0) {
        const sev = agentSeverities.find(
          (v) => update.severity != null && v.trim().toLowerCase() === update.severity.toLowerCase(),
        );
        if (sev !== undefined) {
          step.matched = true;
          step.value = sev;
          step.origin = 'agent';
        }
      }
    }
    return step;
  });
}

/** One update explained: the decision and the decision order, which never contradict each other. */
export interface WuaExplanation {
  decision: WuaDecision;
  steps: WuaTraceStep[];
}

/**
 * The "explain" answer: {@link decideUpdate} and {@link traceDecision} for the same update, made
 * consistent for an update hidden on the host. decideUpdate reports such an update DISCARDED
 * (decided by `hidden`) while keeping in `allowed` what the rules alone say; the explain view must
 * not then read "DISCARDED — allowed…" next to a highlighted allowing rule (issue 15). Here a
 * hidden, not installed update is not allowed, the `hidden` step comes first and decides, and the
 * rule that would have allowed it is shown as matched but not decisive (overridden).
 */
export function explainUpdate(
  update: WuaUpdateFacts,
  rules: MergedWuaRules,
  settings: WuaAgentSettings,
  now: number | Date,
  local: WuaLocalState = {},
): WuaExplanation {
  const decision = decideUpdate(update, rules, settings, now, local);
  const steps = traceDecision(update, rules, settings);
  if (decision.decidedBy.kind !== 'hidden') return { decision, steps };
  const overridden = steps.map((s) => (s.decisive ? { ...s, decisive: false, matched: true } : s));
  return {
    decision: { ...decision, allowed: false, delayed: false },
    steps: [
      { kind: 'hidden', allows: false, ruleCount: 1, matched: true, decisive: true, origin: 'agent' },
      ...overridden,
    ],
  };
}

function matchListStep(
  kind: WuaListKey,
  update: WuaUpdateFacts,
  rules: MergedWuaRules,
): MergedRuleEntry | undefined {
  const kbs = (update.kbids ?? []).map(normalizeKb);
  const eq = (a: string | null | undefined) => (v: string) =>
    a !== null && a !== undefined && v.trim().toLowerCase() === a.toLowerCase();
  const entries = rules.lists[kind];
  switch (kind) {
    case 'forbidden_updates':
    case 'allowed_updates':
      return findEntry(entries, (v) => matchUpdateId(v, update.update_id));
    case 'forbidden_kbs':
    case 'allowed_kbs':
      return findEntry(entries, (v) => kbs.includes(normalizeKb(v)));
    case 'allowed_products':
      return findEntry(entries, eq(update.product));
    case 'allowed_severities':
      return findEntry(entries, eq(update.severity));
    case 'allowed_classifications':
      return findEntry(entries, eq(update.classification));
  }
}

/** The revision-less GUID of an update id (`<GUID>_<rev>` → `<guid>`), lower-case. */
export function updateGuid(updateId: string): string {
  return updateId.trim().toLowerCase().split('_')[0]!;
}

/**
 * Updates among `candidates` that supersede `updateId` (they list it, with or without revision, in
 * their `superseded_update_ids`). Inferred: the catalogue's `superseded_update_ids` name the
 * superseded updates by GUID, optionally with a revision.
 */
export function findSuperseding<
  T extends { update_id: string; superseded_update_ids?: readonly string[] | null },
>(updateId: string, candidates: readonly T[]): T[] {
  const guid = updateGuid(updateId);
  return candidates.filter(
    (c) =>
      updateGuid(c.update_id) !== guid && (c.superseded_update_ids ?? []).some((s) => updateGuid(s) === guid),
  );
}
