import { describe, expect, it } from 'vitest';
import {
  decideUpdate,
  findSuperseding,
  mergeRules,
  traceDecision,
  type WuaAgentSettings,
  type WuaRulesPackage,
  type WuaUpdateFacts,
} from '../../../common/domain/wua-rules';

/**
 * Merge + decision order (docs/wapt-package-format.md §12.4, itself INFERRED from a later client) seen
 * through the explain trace: for every case the trace's decisive step must be exactly what
 * decideUpdate decided (same code), and the shadowed matches must be reported.
 */
const NOW = Date.parse('2024-06-20T12:00:00Z');
const U: WuaUpdateFacts = {
  update_id: 'aaaaaaaa-1111-4c3d-9e2f-aaaaaaaaaaaa_200',
  kbids: ['5039211'],
  product: 'Windows 11',
  classification: 'Security Updates',
  severity: 'Critical',
  changetime: '2024-06-11T17:00:00',
};
const p = (name: string, rules: WuaRulesPackage['rules'], version = '1'): WuaRulesPackage => ({
  package: name,
  version,
  rules,
});
const on: WuaAgentSettings = { default_allow: true };
const off: WuaAgentSettings = { default_allow: false };

const cases: Array<{
  name: string;
  pkgs: WuaRulesPackage[];
  settings: WuaAgentSettings;
  kind: string;
  allowed: boolean;
  by?: string;
  shadowed?: string[];
}> = [
  {
    name: 'forbidden id (pkg a) beats allowed product (pkg b)',
    pkgs: [p('a', { forbidden_updates: [U.update_id] }), p('b', { allowed_products: ['Windows 11'] })],
    settings: on,
    kind: 'forbidden_updates',
    allowed: false,
    by: 'a',
    shadowed: ['allowed_products'],
  },
  {
    name: 'forbidden KB beats allowed id from another package',
    pkgs: [p('a', { allowed_updates: [U.update_id] }), p('b', { forbidden_kbs: ['KB5039211'] })],
    settings: on,
    kind: 'forbidden_kbs',
    allowed: false,
    by: 'b',
    shadowed: ['allowed_updates'],
  },
  {
    name: 'allowed id beats package default_allow false',
    pkgs: [p('a', { allowed_updates: [U.update_id.split('_')[0]!], default_allow: false })],
    settings: on,
    kind: 'allowed_updates',
    allowed: true,
    by: 'a',
  },
  {
    name: 'allowed KB beats allowed product (order)',
    pkgs: [p('a', { allowed_products: ['Windows 11'] }), p('b', { allowed_kbs: ['5039211'] })],
    settings: off,
    kind: 'allowed_kbs',
    allowed: true,
    by: 'b',
    shadowed: ['allowed_products'],
  },
  {
    name: 'product before severity before classification',
    pkgs: [
      p('a', {
        allowed_classifications: ['Security Updates'],
        allowed_severities: ['Critical'],
        allowed_products: ['windows 11'],
      }),
    ],
    settings: off,
    kind: 'allowed_products',
    allowed: true,
    by: 'a',
    shadowed: ['allowed_severities', 'allowed_classifications'],
  },
  {
    name: 'severity from the agent ini when no package lists severities',
    pkgs: [p('a', { allowed_classifications: ['Drivers'] })],
    settings: { default_allow: false, allowed_severities: ['Critical'] },
    kind: 'allowed_severities',
    allowed: true,
  },
  {
    name: 'default_allow: package false beats agent true',
    pkgs: [p('a', { default_allow: false })],
    settings: on,
    kind: 'default_allow',
    allowed: false,
    by: 'a',
  },
  {
    name: 'default_allow: package true beats agent false',
    pkgs: [p('a', { default_allow: true })],
    settings: off,
    kind: 'default_allow',
    allowed: true,
    by: 'a',
  },
  {
    name: 'default_allow conflict between packages: last in merge order wins (false)',
    pkgs: [p('a', { default_allow: true }), p('b', { default_allow: false })],
    settings: on,
    kind: 'default_allow',
    allowed: false,
    by: 'b',
  },
  {
    name: 'default_allow conflict between packages: last in merge order wins (true)',
    pkgs: [p('a', { default_allow: false }), p('b', { default_allow: true })],
    settings: off,
    kind: 'default_allow',
    allowed: true,
    by: 'b',
  },
  {
    name: 'no package: the agent ini default_allow false',
    pkgs: [],
    settings: off,
    kind: 'default_allow',
    allowed: false,
  },
  {
    name: 'same KB forbidden in two packages: the first in merge order is the source',
    pkgs: [p('a', { forbidden_kbs: ['KB5039211'] }, '4'), p('b', { forbidden_kbs: ['kb5039211'] })],
    settings: on,
    kind: 'forbidden_kbs',
    allowed: false,
    by: 'a',
  },
];

describe('traceDecision agrees with decideUpdate (table)', () => {
  it.each(cases)('$name', (c) => {
    const merged = mergeRules(c.pkgs);
    const d = decideUpdate(U, merged, c.settings, NOW, { downloaded: true });
    const steps = traceDecision(U, merged, c.settings);
    expect(steps.map((s) => s.kind)).toEqual([
      'forbidden_updates',
      'forbidden_kbs',
      'allowed_updates',
      'allowed_kbs',
      'allowed_products',
      'allowed_severities',
      'allowed_classifications',
      'default_allow',
    ]);
    const decisive = steps.filter((s) => s.decisive);
    expect(decisive).toHaveLength(1);
    expect(decisive[0]!.kind).toBe(c.kind);
    expect(d.decidedBy.kind).toBe(c.kind);
    expect(d.allowed).toBe(c.allowed);
    expect(decisive[0]!.package).toBe(d.decidedBy.package);
    expect(decisive[0]!.value).toBe(d.decidedBy.value);
    if (c.by) expect(d.decidedBy.package).toBe(c.by);
    const shadowed = steps
      .filter((s) => s.matched && !s.decisive && s.kind !== 'default_allow')
      .map((s) => s.kind);
    expect(shadowed).toEqual(c.shadowed ?? []);
    if (d.decidedBy.kind === 'default_allow') expect(decisive[0]!.allows).toBe(c.allowed);
  });

  it('install_delay holds an allowed update and says until when', () => {
    const merged = mergeRules([p('a', { allowed_products: ['Windows 11'] })]);
    const d = decideUpdate(U, merged, { default_allow: false, install_delay: '14d' }, NOW, {
      downloaded: true,
    });
    expect(d).toMatchObject({ status: 'PENDING', allowed: true, delayed: true });
    expect(d.delayedUntil).toBe(new Date(Date.parse('2024-06-11T17:00:00') + 14 * 86_400_000).toISOString());
  });
});

describe('supersedence lookup', () => {
  it('finds the updates that list this one (with or without revision) as superseded', () => {
    const rows = [
      {
        update_id: 'bbbbbbbb-0000-0000-0000-000000000001_1',
        superseded_update_ids: ['AAAAAAAA-1111-4c3d-9e2f-aaaaaaaaaaaa'],
      },
      {
        update_id: 'cccccccc-0000-0000-0000-000000000001_1',
        superseded_update_ids: ['aaaaaaaa-1111-4c3d-9e2f-aaaaaaaaaaaa_199'],
      },
      { update_id: 'dddddddd-0000-0000-0000-000000000001_1', superseded_update_ids: [] },
      { update_id: U.update_id, superseded_update_ids: [U.update_id] },
    ];
    expect(findSuperseding(U.update_id, rows).map((r) => r.update_id[0])).toEqual(['b', 'c']);
  });
});
