import { describe, expect, it } from 'vitest';
import { fromAgGridState, toAgGridState } from '../../../../renderer/src/grids/grid-state';

describe('grid layout persistence mapping', () => {
  const cols = ['computer_fqdn', 'os_name', 'last_seen_on', 'description'];

  it('round-trips a layout', () => {
    const stored = {
      schemaVersion: 1 as const,
      columnOrder: ['os_name', 'computer_fqdn', 'last_seen_on', 'description'],
      columnSizing: { computer_fqdn: 240, os_name: 180 },
      hiddenColumns: ['description'],
      pinnedLeft: ['computer_fqdn'],
      sort: [{ colId: 'last_seen_on', sort: 'desc' as const }],
    };
    expect(fromAgGridState(toAgGridState(stored, cols)!)).toEqual(stored);
  });

  it('drops columns that no longer exist instead of failing', () => {
    const ag = toAgGridState(
      {
        schemaVersion: 1,
        columnOrder: ['gone', 'os_name'],
        columnSizing: { gone: 100, os_name: 90 },
        hiddenColumns: ['gone'],
        sort: [{ colId: 'gone', sort: 'asc' }],
      },
      cols,
    )!;
    expect(ag.columnOrder?.orderedColIds).toEqual(['os_name']);
    expect(ag.columnSizing?.columnSizingModel).toEqual([{ colId: 'os_name', width: 90 }]);
    expect(ag.columnVisibility?.hiddenColIds).toEqual([]);
    expect(ag.sort?.sortModel).toEqual([]);
  });

  it('has nothing to restore when nothing was saved', () => {
    expect(toAgGridState(null, cols)).toBeUndefined();
  });
});
