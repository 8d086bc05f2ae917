import { describe, expect, it } from 'vitest';
import { compileSearchPattern, requiredLiteral } from '../../../server/db/search-pattern';

describe('requiredLiteral (the SQL pre-filter of a host search)', () => {
  it.each([
    ['Julie', 'julie'],
    ['^PAR-LT-0001', 'par-lt-0001'],
    ['jul(ie|ia)', 'jul'],
    ['srv\\.corp\\.lan$', 'srv.corp.lan'],
    ['abc?def', 'def'], // c is optional
    ['ab*cdef', 'cdef'],
    ['x{2}yzw', 'yzw'],
    ['a+bcd', 'bcd'],
    ['[abc]defg', 'defg'],
    ['foo|bar', null], // top-level alternation: nothing is required
    ['(foo)', null],
    ['^([a-z0-9.-]+)+!', '!'],
    ['\\d+', null],
    ['caf\u00e9 noir', ' noir'], // SQLite folds ASCII only
  ])('%s → %s', (pattern, needle) => {
    expect(requiredLiteral(pattern)).toBe(needle);
  });

  it('is sound: every text the pattern matches contains the literal (checked against RE2 itself)', () => {
    const texts = [
      'PAR-LT-00012.corp.lan',
      'julie.martin',
      'JULIA',
      'srv.corp.lan',
      'abdef',
      'abcdef',
      'xxyzw',
      'aaabcd',
      'cdefg',
      'foo',
      'bar',
      '7-Zip 23.01 (x64) (23.01)',
    ];
    const patterns = [
      'jul(ie|ia)',
      '^PAR-LT-0001',
      'srv\\.corp\\.lan$',
      'abc?def',
      'x{2}yzw',
      'a+bcd',
      '[abc]defg',
      '7-zip [0-9.]+',
    ];
    for (const p of patterns) {
      const c = compileSearchPattern(p);
      for (const t of texts) if (c.test(t) && c.needle !== null) expect(t.toLowerCase()).toContain(c.needle);
    }
  });

  it('marks only plain ASCII text as decided by SQL alone', () => {
    expect(compileSearchPattern('Julie').literalOnly).toBe(true);
    expect(compileSearchPattern('julie m').literalOnly).toBe(true);
    expect(compileSearchPattern('jul.e').literalOnly).toBe(false);
    expect(compileSearchPattern('Jos\u00e9').literalOnly).toBe(false);
    expect(compileSearchPattern('').literalOnly).toBe(false);
    // RE2 folds the Kelvin sign to k and the long s to s: RE2 decides those.
    expect(compileSearchPattern('desk').literalOnly).toBe(false);
    expect(compileSearchPattern('desk').test('DE\u017fK')).toBe(true);
    expect(compileSearchPattern('desk').test('de\u017f\u212a')).toBe(true);
  });

  it('matches case-insensitively, like PostgreSQL ~*', () => {
    expect(compileSearchPattern('^par-lt').test('PAR-LT-00012')).toBe(true);
    expect(compileSearchPattern('JULIE').test('julie.martin')).toBe(true);
  });
});
