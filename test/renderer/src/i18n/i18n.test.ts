import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../../common/errors';
import { en } from '../../../../renderer/src/i18n/en';
import { fr } from '../../../../renderer/src/i18n/fr';
import { resolveLanguage, translate } from '../../../../renderer/src/i18n/i18n';
import { messageArguments } from '../../../../renderer/src/i18n/message-format';

describe('i18n catalogues', () => {
  it('FR defines exactly the EN keys, every message is valid ICU with the same arguments, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      // messageArguments parses the ICU message (throws on a syntax error) and lists its arguments,
      // plural and select ones included.
      expect(messageArguments(fr[key], 'fr'), key).toEqual(messageArguments(en[key], 'en'));
      // AG Grid's French thousands separator is a (narrow no-break) space on purpose.
      if (key !== 'grid.ag.thousandSeparator') expect(fr[key].trim(), key).not.toBe('');
    }
  });

  it('has a message for every error code in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(en).toHaveProperty(`error.${code}`);
      expect(fr).toHaveProperty(`error.${code}`);
    }
  });

  it('interpolates parameters and resolves the system language', () => {
    expect(translate('fr', 'app.version', { version: '1.2.3' })).toBe('Version 1.2.3');
    expect(translate('en', 'shell.connectedAs', { user: 'admin', server: 'https://srv' })).toBe(
      'admin on https://srv',
    );
    expect(resolveLanguage('system', 'fr-FR')).toBe('fr');
    expect(resolveLanguage('system', 'de-DE')).toBe('en');
    expect(resolveLanguage('en', 'fr-FR')).toBe('en');
  });
});
