import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import {
  AllCommunityModule,
  ModuleRegistry,
  type GridApi,
  type IDatasource,
  type IGetRowsParams,
} from 'ag-grid-community';
import { useMemo, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ConsoleGrid, SelectionNote } from '../../../../renderer/src/grids/console-grid';
import { NO_SELECTION, type GridSelection } from '../../../../renderer/src/grids/grid-selection';
import { I18nProvider } from '../../../../renderer/src/i18n/i18n';
import { en } from '../../../../renderer/src/i18n/en';
import { fr } from '../../../../renderer/src/i18n/fr';
import { ThemeProvider } from '../../../../renderer/src/theme';

ModuleRegistry.registerModules([AllCommunityModule]);

/*
 * The toolkit's header checkbox in a server-paged grid (AG Grid's infinite row model,
 * renderer/src/grids/select-all-header.tsx with loaded-rows.ts): it means what Ctrl+A means there,
 * the rows loaded so far, with the footer's "only the loaded rows" note while the server holds
 * more; its state follows the loaded rows (a block loaded later makes it indeterminate), a click
 * when all are selected clears the selection, Space on its header cell toggles it, a new listing
 * (new datasource) clears it, and it is disabled over an empty listing. The row checkboxes stay.
 */
interface Row {
  id: string;
  name: string;
}
const SERVER_ROWS = 250;
const BLOCK = 100;

/** A server-paged listing of `total` rows whose names start with `prefix`, answered at once. */
function listing(prefix: string, total: number): IDatasource {
  return {
    getRows: (p: IGetRowsParams) => {
      const rows: Row[] = [];
      for (let i = p.startRow; i < Math.min(p.endRow, total); i++)
        rows.push({ id: `${prefix}${i}`, name: `${prefix}-${String(i).padStart(3, '0')}` });
      p.successCallback(rows, total);
    },
  };
}

let api: GridApi<Row> | undefined;

function Grid({ total }: { total: number }) {
  const [prefix, setPrefix] = useState('host');
  const [selection, setSelection] = useState<GridSelection<Row>>(NO_SELECTION);
  const datasource = useMemo(() => listing(prefix, total), [prefix, total]);
  return (
    <>
      <input aria-label="filter" value={prefix} onChange={(e) => setPrefix(e.target.value)} />
      <div style={{ height: 600, width: 600 }}>
        <ConsoleGrid<Row>
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={BLOCK}
          columnDefs={[{ field: 'name' }]}
          getRowId={(p) => p.data.id}
          onGridReady={(e) => {
            api = e.api;
          }}
          onSelection={setSelection}
        />
      </div>
      <output data-testid="selected">{selection.rows.length}</output>
      <SelectionNote selection={selection} />
    </>
  );
}

function renderGrid(language: 'en' | 'fr' = 'en', total = SERVER_ROWS) {
  api = undefined;
  return render(
    <I18nProvider language={language}>
      <ThemeProvider preference="light">
        <Grid total={total} />
      </ThemeProvider>
    </I18nProvider>,
  );
}

const headerBox = (container: HTMLElement) =>
  container.querySelector<HTMLInputElement>('.ag-header-select-all input[type="checkbox"]');
/** The rows the grid holds with data (AG Grid's loaded blocks). */
const loaded = () => {
  let n = 0;
  api!.forEachNode((node) => {
    if (node.data) n++;
  });
  return n;
};
const selected = () => Number(screen.getByTestId('selected').textContent);
const loadedNote = () => screen.queryByTestId('grid-selection-loaded');

describe('the header checkbox of a server-paged grid', () => {
  it('selects the loaded rows with the footer note, follows later blocks, and clears the selection', async () => {
    const { container } = renderGrid();
    await waitFor(() =>
      expect(container.querySelectorAll('.ag-row [col-id="name"]').length).toBeGreaterThan(0),
    );
    await waitFor(() => expect(headerBox(container)).not.toBeNull());
    const box = () => headerBox(container)!;
    // The header follows the model's update event, which may come a moment after the rows drawn.
    await waitFor(() => expect(box().disabled).toBe(false));
    expect(box().checked).toBe(false);
    expect(box().getAttribute('aria-label')).toBe(en['grid.selectAll.selectLoaded']);
    expect(box().title).toBe(en['grid.selectAll.selectLoaded']);
    // The selection column still draws a checkbox on each row.
    expect(container.querySelectorAll('.ag-row .ag-selection-checkbox input').length).toBeGreaterThan(0);

    const first = loaded();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(SERVER_ROWS);
    fireEvent.click(box());
    await waitFor(() => expect(selected()).toBe(first));
    expect(api!.getSelectedNodes()).toHaveLength(first);
    expect(loadedNote()?.textContent).toBe(en['grid.selectionLoadedOnly']);
    await waitFor(() => expect(box().checked).toBe(true));
    expect(box().indeterminate).toBe(false);
    expect(box().getAttribute('aria-label')).toBe(en['grid.selectAll.clearLoaded']);

    // A block loaded later is not selected: the checkbox shows "some".
    api!.ensureIndexVisible(SERVER_ROWS - 1);
    await waitFor(() => expect(loaded()).toBeGreaterThan(first));
    await waitFor(() => expect(box().indeterminate).toBe(true));
    expect(box().checked).toBe(false);
    expect(selected()).toBe(first);

    // Space on the header cell selects the loaded rows, all of them now; again, clears them.
    const headerCell = box().closest<HTMLElement>('.ag-header-cell')!;
    fireEvent.keyDown(headerCell, { key: ' ' });
    await waitFor(() => expect(selected()).toBe(loaded()));
    await waitFor(() => expect(box().checked).toBe(true));
    fireEvent.keyDown(headerCell, { key: ' ' });
    await waitFor(() => expect(selected()).toBe(0));
    expect(api!.getSelectedNodes()).toHaveLength(0);
    await waitFor(() => expect(box().checked).toBe(false));
    expect(box().indeterminate).toBe(false);
    expect(loadedNote()).toBeNull();
  });

  it('starts over unchecked on a new listing, and adds no note when every row is loaded', async () => {
    const { container } = renderGrid('en', 30);
    await waitFor(() =>
      expect(container.querySelectorAll('.ag-row [col-id="name"]').length).toBeGreaterThan(0),
    );
    await waitFor(() => expect(headerBox(container)).not.toBeNull());
    const box = () => headerBox(container)!;
    await waitFor(() => expect(api!.isLastRowIndexKnown()).toBe(true));
    fireEvent.click(box());
    await waitFor(() => expect(selected()).toBe(30));
    expect(loadedNote()).toBeNull();
    await waitFor(() => expect(box().checked).toBe(true));

    // A new listing (a filter changed: a new datasource) clears the selection; the checkbox follows.
    fireEvent.change(screen.getByLabelText('filter'), { target: { value: 'laptop' } });
    await waitFor(() =>
      expect(container.querySelector('.ag-row [col-id="name"]')?.textContent).toMatch(/^laptop-/),
    );
    await waitFor(() => expect(selected()).toBe(0));
    await waitFor(() => expect(box().checked).toBe(false));
    expect(box().indeterminate).toBe(false);
    await waitFor(() => expect(box().disabled).toBe(false));
    fireEvent.click(box());
    await waitFor(() => expect(selected()).toBe(30));
    expect(api!.getSelectedNodes().every((n) => n.data!.name.startsWith('laptop-'))).toBe(true);
  });

  it('is disabled over an empty listing, and speaks French', async () => {
    const { container } = renderGrid('fr', 0);
    await waitFor(() => expect(api).toBeDefined());
    await waitFor(() => expect(api!.isLastRowIndexKnown()).toBe(true));
    await waitFor(() => expect(headerBox(container)).not.toBeNull());
    expect(headerBox(container)!.disabled).toBe(true);
    expect(headerBox(container)!.getAttribute('aria-label')).toBe(fr['grid.selectAll.selectLoaded']);
    fireEvent.keyDown(headerBox(container)!.closest<HTMLElement>('.ag-header-cell')!, { key: ' ' });
    expect(api!.getSelectedNodes()).toHaveLength(0);
  });
});
