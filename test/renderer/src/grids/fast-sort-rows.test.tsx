import { render, waitFor } from '@testing-library/react';
import { AllCommunityModule, ModuleRegistry, type GridApi } from 'ag-grid-community';
import { describe, expect, it } from 'vitest';
import { compareKeys } from '../../../../renderer/src/grids/client-sort';
import { ConsoleGrid } from '../../../../renderer/src/grids/console-grid';
import { I18nProvider } from '../../../../renderer/src/i18n/i18n';
import { ThemeProvider } from '../../../../renderer/src/theme';

ModuleRegistry.registerModules([AllCommunityModule]);

/*
 * A `fastSort` grid (renderer/src/grids/fast-sort-rows.ts) sorts as a stable sort of its shown rows
 * would, while its columns are ranked in idle time and the ranks reused: after the rows arrive,
 * under a filter, after a row's key changed in place or through a transaction, after a new
 * listing, and for a sort on two columns.
 */
interface Row {
  id: string;
  name: string | null;
  count: number | null;
}

function makeRows(n: number, salt = 0): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    name: (i + salt) % 11 === 0 ? null : `host-${((i + salt) * 7) % 17}`,
    count: i % 5 === 0 ? null : (i * 3) % 7,
  }));
}

let api: GridApi<Row> | undefined;

function renderGrid(rows: Row[], filter = '') {
  api = undefined;
  const ui = (data: Row[], quick: string) => (
    <I18nProvider language="en">
      <ThemeProvider preference="light">
        <div style={{ height: 400, width: 600 }}>
          <ConsoleGrid<Row>
            rowData={data}
            columnDefs={[{ field: 'name' }, { field: 'count', type: 'number' }]}
            getRowId={(p) => p.data.id}
            quickFilterText={quick}
            fastSort
            onGridReady={(e) => {
              api = e.api;
            }}
          />
        </div>
      </ThemeProvider>
    </I18nProvider>
  );
  const view = render(ui(rows, filter));
  return { rerender: (data: Row[], quick = filter) => view.rerender(ui(data, quick)) };
}

/** Lets the idle ranking of the columns run. */
const idle = () => new Promise((resolve) => setTimeout(resolve, 100));

function sortBy(...state: { colId: keyof Row; sort: 'asc' | 'desc' }[]) {
  api!.applyColumnState({
    state: state.map((s, sortIndex) => ({ ...s, sortIndex })),
    defaultState: { sort: null },
  });
}

function shownIds(): string[] {
  const ids: string[] = [];
  api!.forEachNodeAfterFilterAndSort((n) => ids.push(n.data!.id));
  return ids;
}

/** What a stable sort of the shown rows (in row-data order) by the given columns gives. */
function expected(rows: readonly Row[], ...by: { colId: keyof Row; sort: 'asc' | 'desc' }[]) {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      for (const { colId, sort } of by) {
        const r = compareKeys(a.row[colId], b.row[colId]);
        if (r) return sort === 'desc' ? -r : r;
      }
      return a.i - b.i;
    })
    .map((x) => x.row.id);
}

describe('the fast sort of a client-side grid', () => {
  it('gives a stable sort’s order once its columns are ranked, both directions, with a filter', async () => {
    const rows = makeRows(300);
    const view = renderGrid(rows);
    await waitFor(() => expect(api?.getDisplayedRowCount()).toBe(300));
    await idle();
    for (const sort of ['asc', 'desc'] as const)
      for (const colId of ['name', 'count'] as const) {
        sortBy({ colId, sort });
        expect(shownIds(), `${colId} ${sort}`).toEqual(expected(rows, { colId, sort }));
      }
    view.rerender(rows, 'host-1');
    await waitFor(() => expect(api!.getDisplayedRowCount()).toBeLessThan(300));
    const shown = rows.filter((r) => r.name?.includes('host-1'));
    sortBy({ colId: 'name', sort: 'desc' });
    expect(shownIds()).toEqual(expected(shown, { colId: 'name', sort: 'desc' }));
  });

  it('sorts a row by its new key after the key changed in place or through a transaction', async () => {
    const rows = makeRows(200);
    renderGrid(rows);
    await waitFor(() => expect(api?.getDisplayedRowCount()).toBe(200));
    await idle();
    sortBy({ colId: 'name', sort: 'asc' });
    // Changed in place, without telling the grid: the ranks of that row no longer hold.
    const node = api!.getRowNode('r50')!;
    node.data!.name = 'a-first';
    sortBy({ colId: 'name', sort: 'desc' });
    sortBy({ colId: 'name', sort: 'asc' });
    expect(shownIds()).toEqual(expected(rows, { colId: 'name', sort: 'asc' }));
    expect(shownIds().filter((id) => rows.find((r) => r.id === id)!.name !== null)[0]).toBe('r50');

    const changed = { ...rows[120]!, name: 'zz-last' };
    api!.applyTransaction({ update: [changed] });
    rows[120] = changed;
    await idle();
    sortBy({ colId: 'name', sort: 'desc' });
    expect(shownIds()[0]).toBe('r120');
    expect(shownIds()).toEqual(expected(rows, { colId: 'name', sort: 'desc' }));
  });

  it('sorts a new listing by the new rows, and by two columns in order', async () => {
    const view = renderGrid(makeRows(250));
    await waitFor(() => expect(api?.getDisplayedRowCount()).toBe(250));
    await idle();
    sortBy({ colId: 'name', sort: 'asc' });
    const next = makeRows(180, 3).reverse();
    view.rerender(next);
    await waitFor(() => expect(api!.getDisplayedRowCount()).toBe(180));
    expect(shownIds()).toEqual(expected(next, { colId: 'name', sort: 'asc' }));
    await idle();
    sortBy({ colId: 'name', sort: 'desc' });
    expect(shownIds()).toEqual(expected(next, { colId: 'name', sort: 'desc' }));
    const two = [
      { colId: 'count', sort: 'desc' },
      { colId: 'name', sort: 'asc' },
    ] as const;
    sortBy(...two);
    expect(shownIds()).toEqual(expected(next, ...two));
  });
});
