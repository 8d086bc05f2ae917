import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../common/domain/csv';

describe('CSV export', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['semi;colon', '"semi;colon"'],
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['Mise à jour cumulative', 'Mise à jour cumulative'],
  ])('quotes and neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes numbers, booleans, empties and lists as data', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(['5034441', '5034439'])).toBe('"5034441, 5034439"');
  });

  it('produces a BOM, a preamble, a header and CRLF rows', () => {
    const text = toCsv(
      [
        { header: 'Host', value: (r: { h: string; n: number }) => r.h },
        { header: 'Missing', value: (r) => r.n },
      ],
      [{ h: 'pc1.corp.lan', n: 3 }],
      ['Data as of 2026-11-21T10:00:00Z'],
    );
    expect(text).toBe('\uFEFFData as of 2026-11-21T10:00:00Z\r\nHost,Missing\r\npc1.corp.lan,3\r\n');
  });
});
