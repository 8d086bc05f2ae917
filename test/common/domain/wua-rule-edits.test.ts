import { describe, expect, it } from 'vitest';
import {
  addKb,
  allowProducts,
  allowProductUpdates,
  decideUpdateIds,
  describeUpdateId,
  forbidProductUpdates,
  groupOfRulesPackage,
  isRulesNameUsable,
  listHas,
  listWith,
  listWithout,
  parseKbInput,
  removeKb,
  removeUpdateIds,
  setDefaultAllow,
  sideRuleCount,
  toggleAll,
  toggleAllowedValue,
} from '../../../common/domain/wua-rule-edits';
import { decideUpdate, mergeRules, type WuaRules } from '../../../common/domain/wua-rules';
import { rulesPackageName } from '../../../common/domain/wua-rules-edit';

const ID1 = '0f5a2b8e-1111-4c3d-9e2f-aaaaaaaaaaaa_200';
const ID2 = '7c1d0c3e-2222-4c3d-9e2f-bbbbbbbbbbbb_1';
const ID3 = '9e9e9e9e-3333-4c3d-9e2f-cccccccccccc_7';

/** The agents' decision for one update under `rules` alone (agent default_allow false). */
function allowed(rules: WuaRules, update: { id: string; kb?: string; product?: string }): boolean {
  return decideUpdate(
    {
      update_id: update.id,
      kbids: update.kb ? [update.kb] : [],
      product: update.product ?? 'Windows 11',
      classification: 'Security Updates',
      severity: 'Important',
      changetime: null,
    },
    mergeRules([{ package: 'tis-waptwua-test', version: '1', rules }]),
    { default_allow: false },
    Date.now(),
  ).allowed;
}

describe('rule value lists (case-insensitive, as agents match)', () => {
  it('adds each value once whatever its case, keeps the first spelling, removes ignoring case', () => {
    expect(listHas(['Windows 11'], 'windows 11')).toBe(true);
    expect(listHas(undefined, 'x')).toBe(false);
    expect(listWith(['Windows 11'], ['WINDOWS 11', 'Office', 'office'])).toEqual(['Windows 11', 'Office']);
    expect(listWithout(['Windows 11', 'Office'], ['OFFICE'])).toEqual(['Windows 11']);
    expect(listWithout(undefined, ['x'])).toEqual([]);
  });

  it('never mutates its input', () => {
    const rules: WuaRules = { allowed_updates: [ID1], forbidden_updates: [ID2] };
    const frozen = JSON.stringify(rules);
    decideUpdateIds(rules, [ID2], 'allow');
    forbidProductUpdates(rules, ['Windows 11'], [ID1]);
    addKb(rules, 'forbidden', 'KB5034441');
    setDefaultAllow(rules, true);
    expect(JSON.stringify(rules)).toBe(frozen);
  });
});

describe('allow / forbid / reset update ids', () => {
  it('moves an id between the sides, so it is never both allowed and forbidden', () => {
    let r: WuaRules = {};
    r = decideUpdateIds(r, [ID1, ID2], 'allow');
    expect(r).toMatchObject({ allowed_updates: [ID1, ID2], forbidden_updates: [] });
    r = decideUpdateIds(r, [ID2.toUpperCase()], 'forbid');
    expect(r.allowed_updates).toEqual([ID1]);
    expect(r.forbidden_updates).toEqual([ID2.toUpperCase()]);
    expect(allowed(r, { id: ID1 })).toBe(true);
    expect(allowed(r, { id: ID2 })).toBe(false);
    r = decideUpdateIds(r, [ID1, ID2], 'reset');
    expect(r.allowed_updates).toEqual([]);
    expect(r.forbidden_updates).toEqual([]);
    // Reset: the other rules decide again (here the agent's default_allow false).
    expect(allowed(r, { id: ID1 })).toBe(false);
  });

  it('does nothing without ids (same object back)', () => {
    const r: WuaRules = { allowed_updates: [ID1] };
    expect(decideUpdateIds(r, [], 'forbid')).toBe(r);
  });

  it('removes ids from one side only (the Allowed or Forbidden tab)', () => {
    const r = removeUpdateIds({ allowed_updates: [ID1, ID2], forbidden_updates: [ID1] }, 'allowed', [ID1]);
    expect(r).toEqual({ allowed_updates: [ID2], forbidden_updates: [ID1] });
  });
});

describe('KB rules', () => {
  it('reads what a person types as a KB and refuses the rest', () => {
    expect(parseKbInput(' kb5034441 ')).toBe('KB5034441');
    expect(parseKbInput('5034441')).toBe('KB5034441');
    expect(parseKbInput('KB12')).toBeNull();
    expect(parseKbInput('KB5034441; rm')).toBeNull();
    expect(parseKbInput('')).toBeNull();
  });

  it('adds a KB once per side, removes it; a bad KB changes nothing', () => {
    let r: WuaRules = {};
    r = addKb(r, 'forbidden', '5034441')!;
    r = addKb(r, 'forbidden', 'kb5034441')!;
    expect(r.forbidden_kbs).toEqual(['KB5034441']);
    expect(r.allowed_kbs).toBeUndefined();
    expect(allowed({ ...r, default_allow: true }, { id: ID1, kb: '5034441' })).toBe(false);
    expect(addKb(r, 'allowed', 'nope')).toBeNull();
    r = removeKb(r, 'forbidden', 'KB5034441');
    expect(r.forbidden_kbs).toEqual([]);
  });

  it('counts a side as its ids plus its KBs (the tab labels)', () => {
    const r: WuaRules = {
      allowed_updates: [ID1, ID2],
      allowed_kbs: ['KB1234567'],
      forbidden_kbs: ['KB7654321'],
    };
    expect(sideRuleCount(r, 'allowed')).toBe(3);
    expect(sideRuleCount(r, 'forbidden')).toBe(1);
  });
});

describe('classifications, severities and default_allow', () => {
  it('ticks and unticks an allowed classification or severity', () => {
    let r = toggleAllowedValue({}, 'allowed_severities', 'Critical', true);
    r = toggleAllowedValue(r, 'allowed_severities', 'critical', true);
    expect(r.allowed_severities).toEqual(['Critical']);
    r = toggleAllowedValue(r, 'allowed_classifications', 'Security Updates', true);
    expect(allowed(r, { id: ID1 })).toBe(true); // the update is a security update
    r = toggleAllowedValue(r, 'allowed_classifications', 'security updates', false);
    expect(r.allowed_classifications).toEqual([]);
  });

  it('sets default_allow, and removes the key for "the agent decides"', () => {
    const on = setDefaultAllow({ allowed_updates: [ID1] }, true);
    expect(on).toEqual({ allowed_updates: [ID1], default_allow: true });
    expect(allowed(on, { id: ID3 })).toBe(true);
    const agent = setDefaultAllow(on, undefined);
    expect('default_allow' in agent).toBe(false);
    expect(setDefaultAllow(on, false).default_allow).toBe(false);
  });
});

describe('product-level buttons (docs/wua-rules.md: no product × severity nor forbidden-product key)', () => {
  it('Allow all writes a product rule, which covers later updates of the product too', () => {
    const r = allowProducts({}, ['Windows 11', 'windows 11']);
    expect(r.allowed_products).toEqual(['Windows 11']);
    expect(allowed(r, { id: ID3, product: 'Windows 11' })).toBe(true);
  });

  it('Allow with severities writes the current ids (and takes them out of the forbidden ids)', () => {
    const r = allowProductUpdates({ forbidden_updates: [ID1] }, [ID1, ID2]);
    expect(r.allowed_updates).toEqual([ID1, ID2]);
    expect(r.forbidden_updates).toEqual([]);
  });

  it('Forbid drops the product rule and forbids the current ids; a later update is not covered', () => {
    const before: WuaRules = { allowed_products: ['Windows 11', 'Office'], allowed_updates: [ID1] };
    const r = forbidProductUpdates(before, ['windows 11'], [ID1, ID2]);
    expect(r.allowed_products).toEqual(['Office']);
    expect(r.forbidden_updates).toEqual([ID1, ID2]);
    expect(r.allowed_updates).toEqual([]);
    expect(allowed(r, { id: ID1 })).toBe(false);
    // An update published later is decided by the other rules (here: no product rule, so not allowed
    // with default_allow false, but allowed when the package says default_allow true).
    expect(allowed(r, { id: ID3 })).toBe(false);
    expect(allowed({ ...r, default_allow: true }, { id: ID3 })).toBe(true);
  });
});

describe('editor helpers', () => {
  it('toggles a selection as a block: all out when all are in, else all in', () => {
    expect(toggleAll(['a', 'b', 'c'], ['a', 'b'])).toEqual(['c']);
    expect(toggleAll(['a'], ['a', 'b'])).toEqual(['a', 'b']);
  });

  it('accepts a package name for review only when WAPT would, and a new one only with a group', () => {
    expect(isRulesNameUsable(rulesPackageName('tis', 'pilot'), true, 'pilot')).toBe(true);
    expect(isRulesNameUsable(rulesPackageName('tis', ''), true, ' ')).toBe(false);
    expect(isRulesNameUsable('tis-waptwua-pilot', false, '')).toBe(true);
    expect(isRulesNameUsable('Tis-Waptwua', false, '')).toBe(false);
    expect(isRulesNameUsable('', false, '')).toBe(false);
    expect(groupOfRulesPackage('tis-waptwua-pilot-ring')).toBe('pilot-ring');
    expect(groupOfRulesPackage(rulesPackageName('demo', 'x'))).toBe('x');
  });

  it('describes an update id by its id with revision, else by its GUID, else not at all', () => {
    const known = new Map([
      [ID1.toLowerCase(), { title: '2024-01 Cumulative Update', kbids: ['5034441', '5034442'] }],
      [ID2.split('_')[0]!, { title: null, kbids: ['5000001'] }],
    ]);
    expect(describeUpdateId(ID1.toUpperCase(), known)).toBe(
      'KB5034441, KB5034442 — 2024-01 Cumulative Update',
    );
    expect(describeUpdateId(ID2, known)).toBe('KB5000001');
    expect(describeUpdateId(ID3, known)).toBe('');
  });
});
