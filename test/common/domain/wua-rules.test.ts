import { describe, expect, it } from 'vitest';
import {
  decideUpdate,
  mergeRules,
  normalizeWuaRules,
  parseInstallDelaySeconds,
  type WuaAgentSettings,
  type WuaLocalState,
  type WuaRulesPackage,
  type WuaUpdateFacts,
} from '../../../common/domain/wua-rules';

const NOW = Date.parse('2024-06-20T12:00:00Z');
const CU: WuaUpdateFacts = {
  update_id: '0f5a2b8e-1111-4c3d-9e2f-aaaaaaaaaaaa_200',
  kbids: ['5039211'],
  product: 'Windows 10',
  classification: 'Security Updates',
  severity: 'Critical',
  changetime: '2024-06-11T17:00:00',
};
const DRIVER: WuaUpdateFacts = {
  update_id: '7c1d0c3e-2222-4c3d-9e2f-bbbbbbbbbbbb_1',
  kbids: [],
  product: 'Windows 10 and later drivers',
  classification: 'Drivers',
  severity: null,
  changetime: '2023-01-10T00:00:00',
};
const allow: WuaAgentSettings = { default_allow: true };
const deny: WuaAgentSettings = { default_allow: false };
const pkg = (name: string, rules: WuaRulesPackage['rules'], version = '1'): WuaRulesPackage => ({
  package: name,
  version,
  rules,
});
const downloaded: WuaLocalState = { downloaded: true };

describe('mergeRules', () => {
  it('concatenates lists, keeps the first source of a duplicate, lets the last package set scalars', () => {
    const m = mergeRules([
      pkg('a-wua', { forbidden_kbs: ['KB1'], default_allow: true }),
      pkg('b-wua', { forbidden_kbs: ['kb1', 'KB2'], default_allow: false }, '3'),
    ]);
    expect(m.lists.forbidden_kbs.map((e) => [e.value, e.source.package])).toEqual([
      ['KB1', 'a-wua'],
      ['KB2', 'b-wua'],
    ]);
    expect(m.default_allow).toEqual({ value: false, source: { package: 'b-wua', version: '3' } });
    expect(m.packages.map((p) => p.package)).toEqual(['a-wua', 'b-wua']);
  });

  it('ignores unknown keys and wrong types; accepts csv strings', () => {
    expect(
      normalizeWuaRules({ allowed_kbs: 'KB1, KB2', forbidden_updates: 3, default_allow: 'yes', other: 1 }),
    ).toEqual({
      allowed_kbs: ['KB1', 'KB2'],
      forbidden_updates: [],
    });
    expect(normalizeWuaRules(null)).toEqual({});
    expect(normalizeWuaRules([1])).toEqual({});
  });
});

describe('decideUpdate: decision order (spec §12.4)', () => {
  const cases: Array<{
    name: string;
    packages: WuaRulesPackage[];
    settings: WuaAgentSettings;
    update?: WuaUpdateFacts;
    status: string;
    kind: string;
    by?: string;
  }> = [
    {
      name: 'no rules, default_allow true',
      packages: [],
      settings: allow,
      status: 'PENDING',
      kind: 'default_allow',
    },
    {
      name: 'no rules, default_allow false',
      packages: [],
      settings: deny,
      status: 'DISCARDED',
      kind: 'default_allow',
    },
    {
      name: 'forbidden id beats allowed KB',
      packages: [pkg('p', { forbidden_updates: [CU.update_id], allowed_kbs: ['KB5039211'] })],
      settings: allow,
      status: 'DISCARDED',
      kind: 'forbidden_updates',
      by: 'p',
    },
    {
      name: 'forbidden id without revision matches every revision',
      packages: [pkg('p', { forbidden_updates: ['0F5A2B8E-1111-4C3D-9E2F-AAAAAAAAAAAA'] })],
      settings: allow,
      status: 'DISCARDED',
      kind: 'forbidden_updates',
    },
    {
      name: 'forbidden KB beats allowed id (other package)',
      packages: [pkg('a', { allowed_updates: [CU.update_id] }), pkg('b', { forbidden_kbs: ['KB5039211'] })],
      settings: allow,
      status: 'DISCARDED',
      kind: 'forbidden_kbs',
      by: 'b',
    },
    {
      name: 'allowed id beats default_allow false',
      packages: [pkg('a', { allowed_updates: [CU.update_id] })],
      settings: deny,
      status: 'PENDING',
      kind: 'allowed_updates',
      by: 'a',
    },
    {
      name: 'allowed KB (with or without prefix)',
      packages: [pkg('a', { allowed_kbs: ['5039211'] })],
      settings: deny,
      status: 'PENDING',
      kind: 'allowed_kbs',
    },
    {
      name: 'allowed product',
      packages: [pkg('a', { allowed_products: ['windows 10'] })],
      settings: deny,
      status: 'PENDING',
      kind: 'allowed_products',
    },
    {
      name: 'allowed severity from a package',
      packages: [pkg('a', { allowed_severities: ['Critical'] })],
      settings: deny,
      status: 'PENDING',
      kind: 'allowed_severities',
      by: 'a',
    },
    {
      name: 'package severities replace the agent ones',
      packages: [pkg('a', { allowed_severities: ['Low'] })],
      settings: { default_allow: false, allowed_severities: ['Critical'] },
      status: 'DISCARDED',
      kind: 'default_allow',
    },
    {
      name: 'agent ini severities when no package lists any',
      packages: [],
      settings: { default_allow: false, allowed_severities: ['Critical'] },
      status: 'PENDING',
      kind: 'allowed_severities',
    },
    {
      name: 'allowed classification',
      packages: [pkg('a', { allowed_classifications: ['Security Updates'] })],
      settings: deny,
      status: 'PENDING',
      kind: 'allowed_classifications',
    },
    {
      name: 'package default_allow false overrides agent true',
      packages: [pkg('a', { default_allow: false })],
      settings: allow,
      status: 'DISCARDED',
      kind: 'default_allow',
      by: 'a',
    },
    {
      name: 'package default_allow true overrides agent false',
      packages: [pkg('a', { default_allow: true })],
      settings: deny,
      status: 'PENDING',
      kind: 'default_allow',
      by: 'a',
    },
    {
      name: 'conflicting default_allow: last package wins (true then false)',
      packages: [pkg('a', { default_allow: true }), pkg('b', { default_allow: false })],
      settings: allow,
      status: 'DISCARDED',
      kind: 'default_allow',
      by: 'b',
    },
    {
      name: 'conflicting default_allow: last package wins (false then true)',
      packages: [pkg('a', { default_allow: false }), pkg('b', { default_allow: true })],
      settings: deny,
      status: 'PENDING',
      kind: 'default_allow',
      by: 'b',
    },
    {
      name: 'product allow in one package, KB forbid in another',
      packages: [pkg('a', { allowed_products: ['Windows 10'] }), pkg('b', { forbidden_kbs: ['KB5039211'] })],
      settings: allow,
      status: 'DISCARDED',
      kind: 'forbidden_kbs',
      by: 'b',
    },
    {
      name: 'null severity matches no severity rule',
      packages: [pkg('a', { allowed_severities: ['Critical', 'Important'] })],
      settings: deny,
      update: DRIVER,
      status: 'DISCARDED',
      kind: 'default_allow',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = decideUpdate(c.update ?? CU, mergeRules(c.packages), c.settings, NOW, downloaded);
      expect(d.status).toBe(c.status);
      expect(d.decidedBy.kind).toBe(c.kind);
      if (c.by !== undefined) expect(d.decidedBy.package).toBe(c.by);
    });
  }
});

describe('decideUpdate: local state and install_delay', () => {
  const rules = mergeRules([]);
  const table: Array<[string, WuaLocalState, WuaAgentSettings, string]> = [
    ['installed wins over forbidden', { installed: true }, deny, 'OK'],
    ['hidden is discarded', { hidden: true, downloaded: true }, allow, 'DISCARDED'],
    ['failed install is ERROR', { lastInstallFailed: true, downloaded: true }, allow, 'ERROR'],
    ['not downloaded is MISSING', {}, allow, 'MISSING'],
    ['downloaded is PENDING', { downloaded: true }, allow, 'PENDING'],
    ['not allowed and failed is still DISCARDED', { lastInstallFailed: true }, deny, 'DISCARDED'],
  ];
  for (const [name, local, settings, status] of table) {
    it(name, () => expect(decideUpdate(CU, rules, settings, NOW, local).status).toBe(status));
  }

  it('delays an allowed update inside install_delay and says until when', () => {
    const d = decideUpdate(CU, rules, { default_allow: true, install_delay: '14d' }, NOW, downloaded);
    expect(d).toMatchObject({ status: 'PENDING', delayed: true, delayedUntil: '2024-06-25T17:00:00.000Z' });
    expect(
      decideUpdate(CU, rules, { default_allow: true, install_delay: '7d' }, NOW, downloaded).delayed,
    ).toBe(false);
    expect(
      decideUpdate(CU, rules, { default_allow: false, install_delay: '14d' }, NOW, downloaded).delayed,
    ).toBe(false);
  });

  it('parses install_delay units', () => {
    expect(parseInstallDelaySeconds('7d')).toBe(604_800);
    expect(parseInstallDelaySeconds('12h')).toBe(43_200);
    expect(parseInstallDelaySeconds('2w')).toBe(1_209_600);
    expect(parseInstallDelaySeconds(3)).toBe(259_200);
    expect(parseInstallDelaySeconds('5')).toBe(432_000);
    expect(parseInstallDelaySeconds('soon')).toBeNull();
    expect(parseInstallDelaySeconds('0d')).toBeNull();
    expect(parseInstallDelaySeconds(null)).toBeNull();
  });
});
