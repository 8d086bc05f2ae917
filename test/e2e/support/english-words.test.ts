import { describe, expect, it } from 'vitest';
import {
  allowList,
  COMMON_ENGLISH,
  englishIn,
  englishOnlyWords,
  frenchWords,
  isCode,
  messageProse,
} from './english-words';

/** The French check's vocabulary (french-ui.spec.ts relies on it to see English on French screens). */
describe('english-words', () => {
  const english = englishOnlyWords();
  const allowed = allowList();
  const flagged = (text: string) => englishIn(text, english, allowed);

  const prose = (template: string) => messageProse(template, 'fr').replace(/\s+/g, ' ').trim();

  it('reads only the prose of an ICU message: no argument name, plural/select keyword or key', () => {
    expect(
      prose('{selected} sélectionnées / {count, plural, one {# mise à jour} other {# mises à jour}}'),
    ).toBe('sélectionnées / mise à jour mises à jour');
    expect(prose('{kind, select, host {la machine} other {le paquet}}')).toBe('la machine le paquet');
  });

  it('takes no ICU syntax and no code for French', () => {
    const french = frenchWords();
    for (const word of [
      'selected',
      'rows',
      'failed',
      'plural',
      'select',
      'other',
      'pending',
      'discarded',
      'default',
      'allow',
    ]) {
      expect(french.has(word), word).toBe(false);
    }
    expect(french.has('machines')).toBe(true);
    expect(french.has('mises')).toBe(true);
  });

  it('calls a code an identifier with _ or an all-capitals token', () => {
    expect(['PENDING', 'PENDING_UPDATES', 'default_allow', 'KB5031234', 'OK'].every(isCode)).toBe(true);
    expect(['Pending', 'machines', 'A', 'l'].some(isCode)).toBe(false);
  });

  it('flags English a French screen must not show', () => {
    expect(flagged('2 selected / 14 updates')).toEqual(['selected', 'updates']);
    expect(flagged('No Rows To Show')).toEqual(['no', 'rows', 'to', 'show']);
    expect(flagged('PENDING_UPDATES')).toEqual(['pending', 'updates']);
    expect(flagged('DISCARDED')).toEqual(['discarded']);
    expect(flagged('Failed')).toEqual(['failed']);
    // Hard-coded English outside the catalogue.
    expect(flagged('Loading the list of hosts…')).toEqual(['loading', 'the', 'list', 'of', 'hosts']);
  });

  it('lets French prose, proper nouns and allow-listed codes through', () => {
    expect(flagged('2 sélectionnées / 14 mises à jour')).toEqual([]);
    expect(flagged('Aucune machine ne correspond au filtre : l’agent WAPT n’a pas encore répondu.')).toEqual(
      [],
    );
    expect(flagged('Les mises à jour futures relèvent de default_allow.')).toEqual([]);
    expect(flagged('Version de l’agent Windows Update')).toEqual([]);
    expect(flagged('Windows updates')).toEqual(['updates']);
    expect(flagged('Télécharger wsusscn2.cab depuis Microsoft (HTTPS)')).toEqual([]);
    // A file path or URL inside a sentence is data.
    expect(flagged('Agent écrit dans /tmp/agent-build/waptagent-updates.exe')).toEqual([]);
  });

  it('lists common English words that are not French words nor allow-listed', () => {
    const french = frenchWords();
    expect(COMMON_ENGLISH.filter((w) => french.has(w) || allowed.has(w))).toEqual([]);
    expect(COMMON_ENGLISH.every((w) => english.has(w))).toBe(true);
  });
});
