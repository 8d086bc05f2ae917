import { describe, expect, it } from 'vitest';
import {
  aggregateCompliance,
  compliance,
  complianceByProduct,
  complianceBySeverity,
  countsOfUpdate,
  formatPercent,
  hostCompliance,
  overallCompliance,
} from '../../../common/domain/compliance';
import { provenancePreamble, toHex } from '../../../common/domain/export-provenance';
import { toCsv } from '../../../common/domain/csv';

const u = (
  product: string | null,
  severity: string | null,
  ok: number,
  pending: number,
  missing: number,
  error: number,
  discarded = 0,
) => ({
  product,
  severity,
  hosts_ok: ok,
  hosts_pending: pending,
  hosts_missing: missing,
  hosts_error: error,
  hosts_discarded: discarded,
});

describe('compliance (OK / (OK + PENDING + MISSING + ERROR))', () => {
  it('ignores DISCARDED pairs and says "not applicable" rather than 0 % or 100 % when nothing applies', () => {
    expect(compliance({ ok: 3, pending: 1, missing: 0, error: 0, discarded: 50 })).toEqual({
      ok: 3,
      pending: 1,
      missing: 0,
      error: 0,
      discarded: 50,
      applicable: 4,
      percent: 75,
    });
    expect(compliance({ ok: 0, pending: 0, missing: 0, error: 0, discarded: 7 }).percent).toBeNull();
    expect(compliance({ ok: 0, pending: 0, missing: 2, error: 1, discarded: 0 }).percent).toBe(0);
  });

  it('treats null counts (a server without the aggregates) and junk as 0', () => {
    expect(
      countsOfUpdate({
        hosts_ok: null,
        hosts_pending: -3,
        hosts_missing: Number.NaN,
        hosts_error: 2,
        hosts_discarded: null,
      }),
    ).toEqual({ ok: 0, pending: 0, missing: 0, error: 2, discarded: 0 });
  });

  it('weights groups by host×update pairs, not by a mean of percentages', () => {
    const rows = [u('Windows 10', 'Critical', 99, 1, 0, 0), u('Windows 10', 'Critical', 0, 0, 1, 0)];
    const [g] = complianceByProduct(rows);
    expect(g).toMatchObject({ key: 'Windows 10', updates: 2, ok: 99, applicable: 101 });
    expect(g!.percent).toBeCloseTo(98.0198, 3); // a mean of percentages would say 49.5 %
  });

  it('groups by product (alphabetical, "none" last) and by severity (most severe first, "none" last)', () => {
    const rows = [
      u('b', 'Low', 1, 0, 0, 0),
      u(null, null, 1, 1, 0, 0),
      u('a', 'Critical', 1, 0, 1, 0),
      u('a', 'Important', 2, 0, 0, 0),
      u('b', 'Moderate', 0, 0, 0, 0, 3),
    ];
    expect(complianceByProduct(rows).map((g) => [g.key, g.updates, g.percent])).toEqual([
      ['a', 2, 75],
      ['b', 2, 100],
      ['', 1, 50],
    ]);
    expect(complianceBySeverity(rows).map((g) => [g.key, g.percent])).toEqual([
      ['Critical', 50],
      ['Important', 100],
      ['Moderate', null],
      ['Low', 100],
      ['', 50],
    ]);
    expect(overallCompliance(rows)).toMatchObject({
      key: 'all',
      updates: 5,
      ok: 5,
      pending: 1,
      missing: 1,
      discarded: 3,
      applicable: 7,
    });
    expect(overallCompliance([])).toMatchObject({ updates: 0, applicable: 0, percent: null });
    expect(
      aggregateCompliance(rows, (r) => (r.hosts_missing > 0 ? 'missing' : 'fine')).map((g) => g.key),
    ).toEqual(['fine', 'missing']);
  });

  it('computes a host from its wua_*_count columns', () => {
    expect(
      hostCompliance({
        wua_ok_count: 9,
        wua_pending_count: 0,
        wua_missing_count: 1,
        wua_error_count: 0,
        wua_discarded_count: 4,
      }).percent,
    ).toBe(90);
    expect(
      hostCompliance({
        wua_ok_count: null,
        wua_pending_count: null,
        wua_missing_count: null,
        wua_error_count: null,
        wua_discarded_count: null,
      }).percent,
    ).toBeNull();
  });

  it('formats with one decimal, truncated (99.96 % is not "100.0%"), French style in French', () => {
    expect(formatPercent((100 * 9996) / 10000)).toBe('99.9%');
    expect(formatPercent(87.3)).toBe('87.3%');
    expect(formatPercent((100 * 1) / 3, 'fr')).toBe('33,3 %');
    expect(formatPercent(100)).toBe('100.0%');
    expect(formatPercent(null)).toBe('');
  });
});

describe('export provenance', () => {
  it('writes generator, server, query, server-time "data as of", export time and row count before the CSV header', () => {
    const preamble = provenancePreamble({
      generator: 'WAPT Console 1.2.3',
      title: 'Windows updates',
      serverUrl: 'https://srv.corp.lan',
      query: '{"text":"KB1"}',
      asOf: '2024-05-01T10:00:00.000Z',
      exportedAt: '2024-05-01T10:00:05.000Z',
      rowCount: 2,
      notes: ['Compliance = OK / applicable'],
    });
    const csv = toCsv(
      [{ header: 'Title', value: (r: { t: string }) => r.t }],
      [{ t: '=1+1' }, { t: 'ok' }],
      preamble,
    );
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toEqual([
      '# Windows updates',
      '# Generator: WAPT Console 1.2.3',
      '# Server: https://srv.corp.lan',
      '"# Query: {""text"":""KB1""}"',
      '# Data as of: 2024-05-01T10:00:00.000Z (server time)',
      '# Exported at: 2024-05-01T10:00:05.000Z (workstation time)',
      '# Rows: 2',
      '# Compliance = OK / applicable',
      'Title',
      "'=1+1",
      'ok',
      '',
    ]);
    expect(
      provenancePreamble({
        generator: 'g',
        title: 't',
        serverUrl: null,
        query: '',
        asOf: 'a',
        exportedAt: 'e',
        rowCount: 0,
      })[2],
    ).toBe('# Server: (not connected)');
  });

  it('hex-encodes digests like sha256sum', async () => {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'));
    expect(toHex(digest)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
