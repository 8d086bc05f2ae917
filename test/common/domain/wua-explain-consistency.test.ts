import { describe, expect, it } from 'vitest';
import {
  decideUpdate,
  explainUpdate,
  mergeRules,
  traceDecision,
  type WuaAgentSettings,
  type WuaLocalState,
  type WuaRulesPackage,
  type WuaUpdateFacts,
} from '../../../common/domain/wua-rules';

/**
 * Issue 15: Explain said "DISCARDED — allowed by the agent setting “Hidden on the host”" while
 * its table highlighted an allowing classification rule. Cause: for an update hidden on the host,
 * decideUpdate reports `hidden` as the decider but keeps `allowed` = what the rules say, and
 * traceDecision (rules only) marked the allowing rule decisive. explainUpdate answers both from
 * one call; these tests hold its verdict, its sentence inputs and its table to one another.
 * (Decision order and hidden → DISCARDED are inferred: docs/wua-rules.md.)
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
const pkg = (rules: WuaRulesPackage['rules']): WuaRulesPackage => ({
  package: 'demo-waptwua',
  version: '3',
  rules,
});
const classificationRule = mergeRules([pkg({ allowed_classifications: ['Security Updates'] })]);
const on: WuaAgentSettings = { default_allow: true };

describe('explainUpdate: verdict and decision order agree', () => {
  it('reproduces the contradiction with the two separate calls (the bug this fixes)', () => {
    const d = decideUpdate(U, classificationRule, on, NOW, { hidden: true });
    const steps = traceDecision(U, classificationRule, on);
    expect(d.status).toBe('DISCARDED');
    expect(d.allowed).toBe(true); // "allowed …" in the sentence
    expect(steps.find((s) => s.decisive)?.kind).toBe('allowed_classifications'); // highlighted row
  });

  it('a hidden update: not allowed, decided by "hidden" first, the allowing rule overridden', () => {
    const { decision, steps } = explainUpdate(U, classificationRule, on, NOW, { hidden: true });
    expect(decision).toMatchObject({ status: 'DISCARDED', allowed: false, delayed: false });
    expect(decision.decidedBy.kind).toBe('hidden');
    expect(steps[0]).toMatchObject({ kind: 'hidden', decisive: true, allows: false });
    expect(steps.filter((s) => s.decisive)).toHaveLength(1);
    const overridden = steps.find((s) => s.kind === 'allowed_classifications')!;
    expect(overridden).toMatchObject({ matched: true, decisive: false, value: 'Security Updates' });
  });

  // Every combination of local state and rule set: one decisive step, the same kind as the
  // decision, allowing exactly when the decision allows; DISCARDED never reads "allowed".
  const locals: WuaLocalState[] = [
    {},
    { downloaded: true },
    { hidden: true },
    { hidden: true, installed: true },
    { installed: true },
    { lastInstallFailed: true, downloaded: true },
  ];
  const ruleSets: Array<[string, WuaRulesPackage['rules']]> = [
    ['none', {}],
    ['allowed classification', { allowed_classifications: ['Security Updates'] }],
    ['forbidden KB', { forbidden_kbs: ['KB5039211'], allowed_products: ['Windows 11'] }],
    ['package default_allow false', { default_allow: false }],
    ['allowed id', { allowed_updates: [U.update_id] }],
  ];
  const settings: WuaAgentSettings[] = [on, { default_allow: false, allowed_severities: ['Critical'] }];
  for (const [ruleName, rules] of ruleSets)
    for (const local of locals)
      for (const s of settings)
        it(`${ruleName}, local ${JSON.stringify(local)}, agent default_allow ${String(s.default_allow)}`, () => {
          const { decision, steps } = explainUpdate(U, mergeRules([pkg(rules)]), s, NOW, local);
          const decisive = steps.filter((st) => st.decisive);
          expect(decisive).toHaveLength(1);
          expect(decisive[0]!.kind).toBe(decision.decidedBy.kind);
          expect(decisive[0]!.allows).toBe(decision.allowed);
          if (decision.status === 'DISCARDED' && !local.installed) expect(decision.allowed).toBe(false);
          if (decision.allowed) expect(decision.status).not.toBe('DISCARDED');
        });
});
