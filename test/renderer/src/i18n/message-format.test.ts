import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConsoleError, ERROR_CODES } from '../../../../common/errors';
import { checkAgentConfig, defaultAgentConfig } from '../../../../common/domain/agent-config';
import { zodIssueParams } from '../../../../common/domain/issue-codes';
import { errorDetail, presentError } from '../../../../renderer/src/errors/presenter';
import { issueText } from '../../../../renderer/src/errors/issues';
import { formatBytes, formatDate, formatDateTime } from '../../../../renderer/src/format';
import { agGridLocaleText, agGridText } from '../../../../renderer/src/grids/grid-locale';
import { cellText, csvValue } from '../../../../renderer/src/grids/column-types';
import { statusLabel, statusTooltip } from '../../../../renderer/src/grids/status-labels';
import { en } from '../../../../renderer/src/i18n/en';
import { fr } from '../../../../renderer/src/i18n/fr';
import { translate, type Translate } from '../../../../renderer/src/i18n/i18n';
import { formatMessage, formatNumber } from '../../../../renderer/src/i18n/message-format';

const tEn: Translate = (k, p) => translate('en', k, p);
const tFr: Translate = (k, p) => translate('fr', k, p);
// Intl writes a narrow no-break space in French numbers and before some punctuation.
const spaces = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('ICU messages', () => {
  it('picks plural forms by each language’s rules (French: 0 and 1 are singular)', () => {
    const counts = [0, 1, 2, 1500];
    expect(counts.map((count) => translate('en', 'shell.hostsCount', { count }))).toEqual([
      '0 hosts',
      '1 host',
      '2 hosts',
      '1,500 hosts',
    ]);
    expect(counts.map((count) => spaces(translate('fr', 'shell.hostsCount', { count })))).toEqual([
      '0 machine',
      '1 machine',
      '2 machines',
      '1 500 machines',
    ]);
    // Several plurals in one message, and a count given as text (as some callers do).
    expect(translate('en', 'wu.notice.deleted', { files: 1, updates: '3' })).toBe(
      'Cached files deleted: 1 file of 3 updates',
    );
    expect(translate('fr', 'wu.notice.deleted', { files: 1, updates: '3' })).toBe(
      'Fichiers en cache supprimés : 1 fichier de 3 mises à jour',
    );
  });

  it('says a count not known yet as … (a status bar while its listing loads), never NaN', () => {
    expect(translate('en', 'hosts.selection', { selected: 0, total: '…' })).toBe('0 selected / … hosts');
    expect(spaces(translate('fr', 'hosts.selection', { selected: 2, total: '…' }))).toBe(
      '2 sélectionnées / … machines',
    );
    expect(translate('en', 'wu.selection', { selected: 1, total: '…' })).toBe('1 selected / … updates');
    // Known counts are unchanged.
    expect(translate('en', 'hosts.selection', { selected: 1, total: 1 })).toBe('1 selected / 1 host');
    expect(translate('en', 'hosts.selection', { selected: 0, total: 12500 })).toBe(
      '0 selected / 12,500 hosts',
    );
  });

  it('selects by value, with plurals inside a select', () => {
    expect(translate('en', 'issue.too_small', { origin: 'string', minimum: 1 })).toBe('At least 1 character');
    expect(translate('en', 'issue.too_small', { origin: 'array', minimum: 2 })).toBe('At least 2 items');
    expect(translate('fr', 'issue.too_small', { origin: 'string', minimum: 3 })).toBe(
      'Au moins 3 caractères',
    );
    expect(translate('fr', 'issue.too_small', { origin: 'number', minimum: 5 })).toBe('Au moins 5');
    expect(translate('fr', 'issue.invalid_format', { format: 'url' })).toBe('URL non valide');
  });

  it('keeps plain {name} messages working and never throws on a bad template or a missing value', () => {
    expect(formatMessage('Version {version}', 'fr', { version: '1.2.3' })).toBe('Version 1.2.3');
    expect(formatMessage('{a} and {b}', 'en', { a: 'x' })).toBe('x and {b}');
    expect(formatMessage('broken {count, plural, one {#}', 'en', { count: 1 })).toBe(
      'broken {count, plural, one {#}',
    );
    expect(formatMessage("the WAPT installation's own", 'en')).toBe("the WAPT installation's own");
  });

  it('formats numbers, dates and sizes in the chosen language, not the browser’s', () => {
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(spaces(formatNumber(1234.5, 'fr'))).toBe('1 234,5');
    expect(formatDate('2026-03-04T10:00:00Z', 'en')).toBe('04/03/2026');
    expect(formatDate('2026-03-04T10:00:00Z', 'fr')).toBe('04/03/2026');
    expect(formatDateTime('2026-03-04T10:05:00', 'en')).toMatch(/^04\/03\/2026, \d\d:05$/);
    expect(formatDateTime('2026-03-04T10:05:00', 'fr')).toMatch(/^04\/03\/2026 \d\d:05$/);
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(1536, 'fr')).toBe('1,5 Ko');
    expect(formatBytes(12, 'fr')).toBe('12 o');
  });
});

describe('status codes as translated labels', () => {
  it('shows a label per language, keeps the raw code in the tooltip and in CSV', () => {
    expect(statusLabel('TO-UPGRADE', tEn)).toBe('To upgrade');
    expect(statusLabel('TO-UPGRADE', tFr)).toBe('À mettre à jour');
    expect(statusLabel('PENDING_UPDATES', tFr)).toBe('Mises à jour en attente');
    expect(statusLabel('Succeeded', tFr)).toBe('Réussie');
    expect(statusLabel('Critical', tFr)).toBe('Critique');
    // Unknown codes are shown as they are; nothing becomes "[object Object]".
    expect(statusLabel('SOMETHING-NEW', tFr)).toBe('SOMETHING-NEW');
    expect(statusLabel({ a: 1 }, tFr)).toBe('');
    expect(statusTooltip('DISCONNECTED', tFr)).toBe('Code : DISCONNECTED');
    expect(cellText('DISCONNECTED', 'status', 'fr', tFr)).toBe('Déconnectée');
    expect(csvValue('DISCONNECTED', 'status', 'fr', tFr)).toBe('DISCONNECTED');
  });
});

describe('AG Grid locale texts from the catalogues', () => {
  it('translates AG Grid’s own keys, with its ${variable} placeholder', () => {
    expect(agGridText('noRowsToShow', 'fr')).toBe('Aucune ligne à afficher');
    expect(agGridText('ariaRowIndex', 'fr', ['12'])).toBe('Ligne 12');
    expect(agGridText('notAnAgGridKey', 'fr')).toBeUndefined();
    const frMap = agGridLocaleText('fr');
    const enMap = agGridLocaleText('en');
    expect(Object.keys(frMap).sort()).toEqual(Object.keys(enMap).sort());
    expect(frMap.page).toBe('Page');
    expect(frMap.of).toBe('sur');
    expect(frMap.ariaRowIndex).toBe('Ligne ${variable}');
    expect(enMap.contains).toBe('Contains');
    expect(frMap.contains).toBe('Contient');
  });
});

describe('errors from main, translated in the renderer', () => {
  it('has a message for every error code in both languages, with the same arguments', () => {
    for (const code of ERROR_CODES) {
      const key = `error.${code}` as keyof typeof en;
      expect(en[key], code).toBeTruthy();
      expect(fr[key], code).toBeTruthy();
      expect(presentError(new ConsoleError(code, 'english detail'), tFr).message, code).not.toBe('');
    }
  });

  it('says a known reason in French with its parameters, the English message only as fallback', () => {
    const known = new ConsoleError(
      'CONFLICT',
      'Rules changed on the server (version 3) since version 2 was opened',
      {
        details: { reason: 'VERSION_ON_SERVER', serverVersion: '3', baseVersion: '2' },
      },
    );
    expect(presentError(known, tFr).message).toBe(
      'Conflit : ce paquet a été modifié sur le serveur (version 3) depuis l’ouverture de la version 2',
    );
    // The same reason without its parameters: a half-filled sentence is worse than the English one.
    const partial = new ConsoleError('CONFLICT', 'changed on the server', {
      details: { reason: 'VERSION_ON_SERVER' },
    });
    expect(errorDetail(partial, tFr)).toBe('changed on the server');
    const unknown = new ConsoleError('IO', 'disk on fire', { details: { reason: 'NO_SUCH_REASON' } });
    expect(errorDetail(unknown, tFr)).toBe('disk on fire');
  });

  it('translates a schema refusal from its zod issue code and limits', () => {
    const schema = z.object({ name: z.string().min(3) }).strict();
    const parsed = schema.safeParse({ name: 'ab' });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0]!;
    const wire = new ConsoleError('VALIDATION', `name: ${issue.message}`, {
      details: {
        reason: 'SCHEMA',
        issues: [{ path: 'name', message: issue.message, ...zodIssueParams(issue) }],
      },
    });
    expect(presentError(wire, tFr).message).toBe(
      'Une saisie n’est pas valide : name : Au moins 3 caractères',
    );
    expect(presentError(wire, tEn).message).toBe('Some input is not valid: name: At least 3 characters');
  });

  it('translates the agent wizard’s issues, its schema refinements included', () => {
    const check = checkAgentConfig({ ...defaultAgentConfig(), repoUrl: 'not a url' });
    const texts = check.issues.map((i) => issueText(i, tFr));
    expect(texts.some((s) => s.startsWith('repoUrl doit être une URL http(s)'))).toBe(true);
    const warnings = checkAgentConfig({
      ...defaultAgentConfig(),
      serverUrl: 'http://srv.lan',
      repoUrl: 'http://srv.lan/wapt',
    });
    expect(warnings.issues.map((i) => issueText(i, tFr))).toContain(
      'Le serveur est joint en HTTP non chiffré',
    );
    expect(warnings.issues.map((i) => issueText(i, tFr))).toContain(
      'Aucun certificat de confiance : les agents refuseront tous les paquets',
    );
  });
});
