import { describe, expect, it } from 'vitest';
import type { StatusCounts } from '../../../../common/domain/compliance';
import { ALL_UPDATES, type UpdateRow } from '../../../../common/ipc/methods/updates';
import { compareValues, ListSnapshot, sortRows } from '../../../../electron/core/fleet/local-rows';
import { UpdatesService } from '../../../../electron/core/fleet/updates-service';
import { countHostUpdates } from '../../../../electron/core/fleet/wua-fleet-scan';

/*
 * The pieces the console uses in place of server extensions (docs/server-capabilities.md): its own
 * sort and paging, the split between what a genuine server filters and what the console filters,
 * and the per-host counting of `host_data … wsusupdates` rows.
 */
describe('sorting in the console', () => {
  it('sorts like the reference server: NULLs smallest, numbers numerically, ties in server order', () => {
    const rows = [
      { id: 'a', n: 10 },
      { id: 'b', n: null },
      { id: 'c', n: 9 },
      { id: 'd', n: 10 },
      { id: 'e', n: 100 },
    ];
    expect(sortRows(rows, { colId: 'n', desc: false }).map((r) => r.id)).toEqual(['b', 'c', 'a', 'd', 'e']);
    expect(sortRows(rows, { colId: 'n', desc: true }).map((r) => r.id)).toEqual(['e', 'a', 'd', 'c', 'b']);
    expect(sortRows(rows, null).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(compareValues('host-10', 'host-9')).toBeGreaterThan(0);
    expect(compareValues(['5010423'], [])).toBeGreaterThan(0);
  });

  it('keeps one list while a grid pages through it; the first page always asks again', async () => {
    const lists = new ListSnapshot<number>();
    let loads = 0;
    const load = async () => ({ rows: [++loads], asOf: 't' });
    const owner = {};
    expect((await lists.get('q', owner, 0, load)).rows).toEqual([1]);
    expect((await lists.get('q', owner, 50, load)).rows).toEqual([1]);
    expect((await lists.get('other', owner, 50, load)).rows).toEqual([2]);
    expect((await lists.get('other', {}, 50, load)).rows).toEqual([3]);
    expect((await lists.get('other', owner, 0, load)).rows).toEqual([4]);
  });
});

describe('Windows-updates filters on a genuine server', () => {
  const row = (over: Partial<UpdateRow>): UpdateRow =>
    ({
      update_id: '9b3a0c1e-0000-4000-8000-000000000001_200',
      title: 'Security Update for Microsoft Excel 2016 (KB5010416)',
      kbids: ['5010416'],
      classification: 'Security Updates',
      downloaded_on: null,
      ...over,
    }) as UpdateRow;

  it('sends only products, severity and has_kb; the rest is filtered here', () => {
    const f = {
      ...ALL_UPDATES,
      products: ['Office 2016'],
      severities: ['Critical', 'none'] as ('Critical' | 'none')[],
      classifications: ['Security Updates'],
      text: 'excel',
      cached: 'no' as const,
      hasKb: true,
    };
    expect(UpdatesService.genuineParams(f)).toEqual({
      products: 'Office 2016',
      severity: 'Critical,null',
      has_kb: '1',
    });
    expect(UpdatesService.genuineParams({ ...ALL_UPDATES, products: [] })).toBeNull();
    expect(UpdatesService.matchesLocally(row({}), f)).toBe(true);
    expect(UpdatesService.matchesLocally(row({ downloaded_on: '2026-11-01' }), f)).toBe(false);
    expect(UpdatesService.matchesLocally(row({ classification: 'Updates' }), f)).toBe(false);
    for (const text of ['KB5010416', '5010416', 'EXCEL', '9b3a0c1e'])
      expect(UpdatesService.matchesLocally(row({}), { ...ALL_UPDATES, text }), text).toBe(true);
    expect(UpdatesService.matchesLocally(row({}), { ...ALL_UPDATES, text: 'word' })).toBe(false);
  });
});

describe('counting one host’s Windows updates', () => {
  it('counts the five statuses per host and per update; other values and case do not matter', () => {
    const perUpdate = new Map<string, StatusCounts>();
    const a = countHostUpdates(
      [
        { update_id: 'u1', local_status_status: 'OK' },
        { update_id: 'u2', local_status_status: 'pending' },
        { update_id: 'u3', local_status_status: 'MISSING' },
        { update_id: 'u4', local_status_status: 'ERROR' },
        { update_id: 'u5', local_status_status: 'DISCARDED' },
        { update_id: 'u6', local_status_status: 'SUPERSEDED' },
        { update_id: 'u7', local_status_status: null },
      ],
      perUpdate,
    );
    expect(a).toEqual({ ok: 1, pending: 1, missing: 1, error: 1, discarded: 1 });
    const b = countHostUpdates(
      [
        { update_id: 'u1', local_status_status: 'OK' },
        { update_id: 'u2', local_status_status: 'OK' },
      ],
      perUpdate,
    );
    expect(b).toEqual({ ok: 2, pending: 0, missing: 0, error: 0, discarded: 0 });
    expect(perUpdate.get('u1')).toEqual({ ok: 2, pending: 0, missing: 0, error: 0, discarded: 0 });
    expect(perUpdate.get('u2')).toEqual({ ok: 1, pending: 1, missing: 0, error: 0, discarded: 0 });
    expect(perUpdate.has('u6')).toBe(false);
  });
});
