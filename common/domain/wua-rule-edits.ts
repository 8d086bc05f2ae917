/**
 * The edits the rule-package editor makes to a WUA rules draft (docs/wua-rules.md, "The tab and
 * the editor"), as pure functions: each takes the draft's rules and returns new rules, never
 * mutating its input, so the editor's reducer stays a switch over these and the unit tests
 * (test/common/domain/wua-rule-edits.test.ts) prove every edit without a browser.
 *
 * Rule values are compared case-insensitively, as agents compare them (docs/wua-rules.md, "What is
 * inferred": case-insensitive matching is inferred, not documented by WAPT). A value already in a
 * list is never added twice, whatever its case; the first spelling written is kept.
 */
import type { WuaListKey, WuaRules } from './wua-rules';
import { normalizeKbValue } from './wua-rules-edit';

/** Allowed or forbidden: the two sides of the update-id and KB rules. */
export type RuleSide = 'allowed' | 'forbidden';

/** What Allow / Forbid / Reset selected do to update ids. */
export type UpdateIdDecision = 'allow' | 'forbid' | 'reset';

/** The two allow-lists edited by checkboxes (classifications and severities). */
export type CheckboxRuleKey = 'allowed_classifications' | 'allowed_severities';

/** Rules keys of one side. */
export const idKeyOf = (side: RuleSide): WuaListKey =>
  side === 'allowed' ? 'allowed_updates' : 'forbidden_updates';
export const kbKeyOf = (side: RuleSide): WuaListKey => (side === 'allowed' ? 'allowed_kbs' : 'forbidden_kbs');

/** True when `list` holds `value`, ignoring case. */
export function listHas(list: readonly string[] | undefined, value: string): boolean {
  const v = value.toLowerCase();
  return (list ?? []).some((x) => x.toLowerCase() === v);
}

/** `list` without `values` (ignoring case). */
export function listWithout(list: readonly string[] | undefined, values: readonly string[]): string[] {
  const drop = new Set(values.map((v) => v.toLowerCase()));
  return (list ?? []).filter((x) => !drop.has(x.toLowerCase()));
}

/** `list` followed by those of `values` it does not hold yet (ignoring case, each once). */
export function listWith(list: readonly string[] | undefined, values: readonly string[]): string[] {
  const out = [...(list ?? [])];
  for (const v of values) if (!listHas(out, v)) out.push(v);
  return out;
}

/**
 * Allow, forbid or reset update ids. An id is never both allowed and forbidden: allowing drops it
 * from the forbidden ids and the reverse; reset drops it from both, so the other rules decide.
 */
export function decideUpdateIds(
  rules: WuaRules,
  ids: readonly string[],
  decision: UpdateIdDecision,
): WuaRules {
  if (ids.length === 0) return rules;
  switch (decision) {
    case 'allow':
      return {
        ...rules,
        allowed_updates: listWith(rules.allowed_updates, ids),
        forbidden_updates: listWithout(rules.forbidden_updates, ids),
      };
    case 'forbid':
      return {
        ...rules,
        forbidden_updates: listWith(rules.forbidden_updates, ids),
        allowed_updates: listWithout(rules.allowed_updates, ids),
      };
    case 'reset':
      return {
        ...rules,
        allowed_updates: listWithout(rules.allowed_updates, ids),
        forbidden_updates: listWithout(rules.forbidden_updates, ids),
      };
  }
}

/** Removes update ids from one side only (the Allowed or Forbidden tab's "Remove selected"). */
export function removeUpdateIds(rules: WuaRules, side: RuleSide, ids: readonly string[]): WuaRules {
  const key = idKeyOf(side);
  return { ...rules, [key]: listWithout(rules[key], ids) };
}

/** What a person typed as a KB (`KB5034441`, `kb5034441`, `5034441`), normalised; null if it is not one. */
export function parseKbInput(text: string): string | null {
  const v = text.trim();
  return /^(KB)?\d{4,8}$/i.test(v) ? normalizeKbValue(v) : null;
}

/** Adds a KB rule on one side; null when `text` is not a KB number (nothing changes). */
export function addKb(rules: WuaRules, side: RuleSide, text: string): WuaRules | null {
  const kb = parseKbInput(text);
  if (kb === null) return null;
  const key = kbKeyOf(side);
  return { ...rules, [key]: listWith(rules[key], [kb]) };
}

export function removeKb(rules: WuaRules, side: RuleSide, kb: string): WuaRules {
  const key = kbKeyOf(side);
  return { ...rules, [key]: listWithout(rules[key], [kb]) };
}

/** Ticks or unticks one allowed classification or severity. */
export function toggleAllowedValue(
  rules: WuaRules,
  key: CheckboxRuleKey,
  value: string,
  on: boolean,
): WuaRules {
  return { ...rules, [key]: on ? listWith(rules[key], [value]) : listWithout(rules[key], [value]) };
}

/** Sets `default_allow`; `undefined` removes the key, so the agent's own setting decides. */
export function setDefaultAllow(rules: WuaRules, value: boolean | undefined): WuaRules {
  const { default_allow: _drop, ...rest } = rules;
  return value === undefined ? rest : { ...rest, default_allow: value };
}

/** "Allow all updates": a product rule, which also covers the product's later updates. */
export function allowProducts(rules: WuaRules, products: readonly string[]): WuaRules {
  return { ...rules, allowed_products: listWith(rules.allowed_products, products) };
}

/**
 * "Allow with severities": the rule format has no product × severity key (docs/wua-rules.md), so
 * the catalogue's current updates of the products (`ids`) become allowed update ids. Inferred: what
 * WAPT's own editor writes for this button is not documented.
 */
export function allowProductUpdates(rules: WuaRules, ids: readonly string[]): WuaRules {
  return decideUpdateIds(rules, ids, 'allow');
}

/**
 * "Forbid" / "Forbid with severities": there is no forbidden-product key either, so the products
 * leave `allowed_products` (a product rule would allow their later updates) and the catalogue's
 * current updates of them (`ids`) become forbidden update ids. Later updates of the products are
 * not covered by these ids; the editor says so. Inferred, as above.
 */
export function forbidProductUpdates(
  rules: WuaRules,
  products: readonly string[],
  ids: readonly string[],
): WuaRules {
  return {
    ...rules,
    allowed_products: listWithout(rules.allowed_products, products),
    forbidden_updates: listWith(rules.forbidden_updates, ids),
    allowed_updates: listWithout(rules.allowed_updates, ids),
  };
}

/** The number of rules one side's tab lists: its update ids plus its KBs. */
export function sideRuleCount(rules: WuaRules, side: RuleSide): number {
  return (rules[idKeyOf(side)] ?? []).length + (rules[kbKeyOf(side)] ?? []).length;
}

/** Toggles `values` in a selection list: all of them out when all are in, else all of them in. */
export function toggleAll(list: readonly string[], values: readonly string[]): string[] {
  return values.every((v) => list.includes(v))
    ? list.filter((v) => !values.includes(v))
    : [...new Set([...list, ...values])];
}

/** The package-name pattern of WAPT packages (docs/wua-rules.md): lower case, digits, `-`, `_`, `.`. */
const PACKAGE_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

/** Whether the editor may review and save under `name`; a new package also needs its group. */
export function isRulesNameUsable(name: string, isNew: boolean, group: string): boolean {
  return PACKAGE_NAME.test(name) && (!isNew || group.trim() !== '');
}

/** The group part of `<prefix>-waptwua-<group>` (resuming a new package's draft). */
export function groupOfRulesPackage(name: string): string {
  return name.replace(/^[a-z0-9]+-waptwua-/, '');
}

/** What the diff shows beside an update id: its KBs and its title. */
export interface UpdateLabel {
  title: string | null;
  kbids: readonly string[];
}

/**
 * `KB5034441, KB5034442 — 2024-01 Cumulative Update…` for an update id the editor knows (by the id
 * with its revision, else by its GUID alone: a rule without `_<revision>` names every revision),
 * or '' when it does not.
 */
export function describeUpdateId(id: string, known: ReadonlyMap<string, UpdateLabel>): string {
  const key = id.toLowerCase();
  const u = known.get(key) ?? known.get(key.split('_')[0]!);
  if (!u) return '';
  const kbs = u.kbids.map((k) => `KB${k}`).join(', ');
  return [kbs, u.title ?? ''].filter((x) => x !== '').join(' — ');
}
