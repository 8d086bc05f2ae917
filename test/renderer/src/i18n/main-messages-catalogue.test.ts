import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { ERROR_REASONS } from '../../../../common/errors';
import { ERROR_CONTEXTS } from '../../../../common/error-reasons';
import { PROGRESS_STEPS } from '../../../../common/progress-steps';
import { validateRulesSpec } from '../../../../common/domain/wua-rules-edit';
import { en } from '../../../../renderer/src/i18n/en';
import { fr } from '../../../../renderer/src/i18n/fr';
import { messageArguments } from '../../../../renderer/src/i18n/message-format';

/*
 * Issue 14 point 3 / issue 15 point 4: everything main sends as a code (error reasons, progress
 * steps, rule-package issues) has a message in both catalogues, with the same ICU arguments, and a
 * message only uses parameters main sends with that code (common/error-reasons.ts,
 * common/progress-steps.ts), so the French window never falls back to main's English sentence.
 */
const catalogues = { en, fr } as const;
const LOCALE = { en: 'en-GB', fr: 'fr-FR' } as const;

function messageOf(lang: 'en' | 'fr', key: string): string | undefined {
  return (catalogues[lang] as Record<string, string>)[key];
}

/** Parsed by intl-messageformat itself (a syntax error throws), then its arguments listed. */
function checkedArguments(lang: 'en' | 'fr', key: string): string[] {
  const text = messageOf(lang, key);
  expect(text, `${lang}: ${key}`).toBeTypeOf('string');
  expect(text!.trim(), `${lang}: ${key}`).not.toBe('');
  expect(() => new IntlMessageFormat(text!, LOCALE[lang], undefined, { ignoreTag: true })).not.toThrow();
  return messageArguments(text!, lang);
}

describe('catalogue messages for what main sends as codes', () => {
  it('every error reason has a message in English and French, same ICU arguments, only parameters main sends', () => {
    const reasons = Object.entries(ERROR_REASONS);
    expect(reasons.length).toBeGreaterThan(200);
    for (const [reason, params] of reasons) {
      const key = `error.reason.${reason}`;
      const enArgs = checkedArguments('en', key);
      expect(checkedArguments('fr', key), key).toEqual(enArgs);
      for (const arg of enArgs) expect(params as readonly string[], `${key} uses {${arg}}`).toContain(arg);
    }
  });

  it('every wrapping context has a message around {reason}, same ICU arguments, only its parameters', () => {
    for (const [context, params] of Object.entries(ERROR_CONTEXTS)) {
      const key = `error.context.${context}`;
      const enArgs = checkedArguments('en', key);
      expect(checkedArguments('fr', key), key).toEqual(enArgs);
      expect(enArgs, key).toContain('reason');
      for (const arg of enArgs)
        if (arg !== 'reason') expect(params as readonly string[], `${key} uses {${arg}}`).toContain(arg);
    }
    const stale = Object.keys(en)
      .filter((k) => k.startsWith('error.context.'))
      .filter((k) => !(k.slice('error.context.'.length) in ERROR_CONTEXTS));
    expect(stale).toEqual([]);
  });

  it('no catalogue message names a reason main does not send (a renamed reason is caught)', () => {
    const stale = Object.keys(en)
      .filter((k) => k.startsWith('error.reason.'))
      .map((k) => k.slice('error.reason.'.length))
      .filter((r) => !(r in ERROR_REASONS));
    expect(stale).toEqual([]);
  });

  it('every progress step has a message in English and French, same ICU arguments, only its parameters', () => {
    for (const [step, params] of Object.entries(PROGRESS_STEPS)) {
      const key = `progress.${step}`;
      const enArgs = checkedArguments('en', key);
      expect(checkedArguments('fr', key), key).toEqual(enArgs);
      for (const arg of enArgs) expect(params as readonly string[], `${key} uses {${arg}}`).toContain(arg);
    }
    const stale = Object.keys(en)
      .filter((k) => k.startsWith('progress.'))
      .map((k) => k.slice('progress.'.length))
      .filter((s) => !(s in PROGRESS_STEPS));
    expect(stale).toEqual([]);
  });

  it('every rule-package issue main can report has a message using only the parameters it sends', () => {
    // One spec that trips every check of validateRulesSpec.
    const issues = validateRulesSpec({
      package: 'Bad Name',
      version: 'not a version',
      description: 'line\rbreak',
      maturity: 'PRE-PROD',
      rules: {
        allowed_updates: ['nope'],
        forbidden_updates: ['nope-either'],
        allowed_kbs: ['12'],
        forbidden_kbs: ['KBx'],
      },
    });
    const codes = new Set(issues.map((i) => i.code));
    expect([...codes].sort()).toEqual([
      'RULES_DESCRIPTION',
      'RULES_KB',
      'RULES_MATURITY',
      'RULES_PACKAGE_NAME',
      'RULES_UPDATE_ID',
      'RULES_VERSION',
    ]);
    for (const issue of issues) {
      const key = `issue.${issue.code}`;
      const enArgs = checkedArguments('en', key);
      expect(checkedArguments('fr', key), key).toEqual(enArgs);
      for (const arg of enArgs) expect(Object.keys(issue.params), `${key} uses {${arg}}`).toContain(arg);
    }
  });
});
