import { describe, expect, it } from 'vitest';
import {
  cleanRules,
  diffRulesPackages,
  guessPackagePrefix,
  mergeRulesThreeWay,
  nextRulesVersion,
  parseRulesSpec,
  rulesPackageName,
  serializeRulesJson,
  validateRulesSpec,
} from '../../../common/domain/wua-rules-edit';
import { compareVersions } from '../../../common/domain/version';

const ID1 = '0f5a2b8e-1111-4c3d-9e2f-aaaaaaaaaaaa_200';
const ID2 = '7c1d0c3e-2222-4c3d-9e2f-bbbbbbbbbbbb_1';

describe('rules JSON and RULES.json', () => {
  it('serialises in a stable order, deduplicates case-insensitively, normalises KBs, drops empty lists', () => {
    const text = serializeRulesJson({
      default_allow: false,
      forbidden_kbs: ['5034441', 'kb5034441'],
      allowed_products: ['Windows 11', 'windows 11'],
      allowed_updates: [],
    });
    expect(JSON.parse(text)).toEqual({
      forbidden_kbs: ['KB5034441'],
      allowed_products: ['Windows 11'],
      default_allow: false,
    });
    expect(Object.keys(JSON.parse(text))).toEqual(['forbidden_kbs', 'allowed_products', 'default_allow']);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('parses a RULES.json with header and rule keys; refuses unknown keys and wrong types', () => {
    const spec = parseRulesSpec(
      JSON.stringify({
        package: 'tis-waptwua-pilot',
        version: '3',
        description: 'Pilot',
        maturity: 'prod',
        allowed_updates: [ID1],
        forbidden_kbs: ['KB1234567'],
        default_allow: true,
      }),
    );
    expect(spec).toEqual({
      package: 'tis-waptwua-pilot',
      version: '3',
      description: 'Pilot',
      maturity: 'PROD',
      rules: { allowed_updates: [ID1], forbidden_kbs: ['KB1234567'], default_allow: true },
    });
    expect(() => parseRulesSpec('{"package":"a","alowed_kbs":[]}')).toThrow(/unknown key/);
    expect(() => parseRulesSpec('{"package":"a","allowed_kbs":"KB1"}')).toThrow(/list of strings/);
    expect(() => parseRulesSpec('{"package":"a","default_allow":"yes"}')).toThrow(/true or false/);
    expect(() => parseRulesSpec('{"package":"A B"}')).toThrow(/package name/);
    expect(() => parseRulesSpec('{"package":"a","allowed_updates":["KB123"]}')).toThrow(/not an update id/);
    expect(() => parseRulesSpec('[1]')).toThrow(/object/);
    expect(parseRulesSpec('{"package":"a"}').version).toBe('0');
  });

  it('validates ids, KBs, maturity', () => {
    expect(
      validateRulesSpec({
        package: 'tis-waptwua-x',
        version: '1',
        description: '',
        maturity: 'PROD',
        rules: { allowed_updates: [ID1.split('_')[0]!], allowed_kbs: ['kb123456'] },
      }),
    ).toEqual([]);
    expect(
      validateRulesSpec({ package: 'x', version: 'a b', description: '', maturity: 'PR OD', rules: {} }).map(
        (i) => i.field,
      ),
    ).toEqual(['version', 'maturity']);
  });
});

describe('version bump and naming', () => {
  it.each([
    [null, null, '1'],
    ['0', null, '1'],
    ['9', null, '10'],
    ['1.2', null, '1.3'],
    ['3-2', null, '3-3'],
    ['1.0-abc', null, '1.0-abc.1'],
    ['2', '5', '6'],
    ['7', '5', '8'],
  ])('next of %s above %s = %s', (v, above, next) => {
    const n = nextRulesVersion(v, above);
    expect(n).toBe(next);
    if (v) expect(compareVersions(n, v)).toBeGreaterThan(0);
  });

  it('follows the <prefix>-waptwua-<group> convention and guesses the prefix', () => {
    expect(rulesPackageName('tis', 'Pilot Ring')).toBe('tis-waptwua-pilot-ring');
    expect(rulesPackageName('demo', 'waptwua-servers')).toBe('demo-waptwua-servers');
    expect(guessPackagePrefix(['demo-7zip', 'demo-waptwua-pilot', 'tis-x', 'nodash'])).toBe('demo');
    expect(guessPackagePrefix([])).toBe('tis');
  });
});

describe('diff before signing', () => {
  it('lists ids, KBs, products, severities, classifications added/removed, scalars and the signer', () => {
    const d = diffRulesPackages(
      {
        rules: {
          allowed_updates: [ID1],
          allowed_products: ['Windows 10'],
          allowed_severities: ['Critical'],
          default_allow: true,
        },
        description: 'a',
        maturity: 'PROD',
        signer: 'Old',
        signerFingerprint: 'aa',
      },
      {
        rules: {
          allowed_updates: [ID1, ID2],
          forbidden_kbs: ['5034441'],
          allowed_products: ['Windows 11'],
          allowed_classifications: ['Security Updates'],
          default_allow: false,
        },
        description: 'a',
        maturity: 'PROD',
        signer: 'New',
        signerFingerprint: 'bb',
      },
    );
    expect(d.lists.allowed_updates).toEqual({ added: [ID2], removed: [] });
    expect(d.lists.forbidden_kbs).toEqual({ added: ['KB5034441'], removed: [] });
    expect(d.lists.allowed_products).toEqual({ added: ['Windows 11'], removed: ['Windows 10'] });
    expect(d.lists.allowed_severities).toEqual({ added: [], removed: ['Critical'] });
    expect(d.lists.allowed_classifications).toEqual({ added: ['Security Updates'], removed: [] });
    expect(d.default_allow).toEqual({ from: true, to: false });
    expect(d.signer).toEqual({ from: 'Old', to: 'New', fromFingerprint: 'aa', toFingerprint: 'bb' });
    expect(d.description).toBeNull();
    expect(d.empty).toBe(false);
  });

  it('is empty for identical content (case and KB prefix ignored) and for a new package lists everything as added', () => {
    expect(
      diffRulesPackages({ rules: { forbidden_kbs: ['KB1'] } }, { rules: { forbidden_kbs: ['kb1'] } }).empty,
    ).toBe(true);
    const d = diffRulesPackages(null, { rules: { allowed_kbs: ['KB2'] }, description: 'x', maturity: 'DEV' });
    expect(d.lists.allowed_kbs.added).toEqual(['KB2']);
    expect(d.description).toEqual({ from: '', to: 'x' });
  });
});

describe('three-way merge of concurrent edits', () => {
  const base = { allowed_updates: [ID1], forbidden_kbs: ['KB1'], default_allow: true };
  it.each([
    {
      name: 'both add different ids: union',
      ours: { ...base, allowed_updates: [ID1, ID2] },
      theirs: { ...base, forbidden_kbs: ['KB1', 'KB2'] },
      rules: { allowed_updates: [ID1, ID2], forbidden_kbs: ['KB1', 'KB2'], default_allow: true },
      conflicts: [],
    },
    {
      name: 'we remove, they keep: removed',
      ours: { allowed_updates: [], forbidden_kbs: ['KB1'], default_allow: true },
      theirs: base,
      rules: { forbidden_kbs: ['KB1'], default_allow: true },
      conflicts: [],
    },
    {
      name: 'they remove, we untouched: stays removed',
      ours: base,
      theirs: { forbidden_kbs: ['KB1'], default_allow: true },
      rules: { forbidden_kbs: ['KB1'], default_allow: true },
      conflicts: [],
    },
    {
      name: 'they changed default_allow, we did not: theirs',
      ours: base,
      theirs: { ...base, default_allow: false },
      rules: { ...base, default_allow: false },
      conflicts: [],
    },
    {
      name: 'both changed default_allow differently: ours, reported',
      ours: { ...base, default_allow: false },
      theirs: { ...base, default_allow: undefined },
      rules: { allowed_updates: [ID1], forbidden_kbs: ['KB1'], default_allow: false },
      conflicts: ['default_allow'],
    },
  ])('$name', ({ ours, theirs, rules, conflicts }) => {
    const m = mergeRulesThreeWay(base, ours, cleanRules(theirs));
    expect(m.rules).toEqual(rules);
    expect(m.conflicts).toEqual(conflicts);
  });
});
