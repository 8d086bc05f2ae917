import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AllCommunityModule, ModuleRegistry, type GridApi } from 'ag-grid-community';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ConsoleGrid } from '../../../../renderer/src/grids/console-grid';
import type { GridSelection } from '../../../../renderer/src/grids/grid-selection';
import { I18nProvider } from '../../../../renderer/src/i18n/i18n';
import { en } from '../../../../renderer/src/i18n/en';
import { fr } from '../../../../renderer/src/i18n/fr';
import { ThemeProvider } from '../../../../renderer/src/theme';

ModuleRegistry.registerModules([AllCommunityModule]);

/*
 * The toolkit's header checkbox (renderer/src/grids/select-all-header.tsx), which replaces AG
 * Grid's own in client-side grids: it selects the rows the filter lets through and no others,
 * clears them when all are selected, shows "some" as indeterminate, is disabled over an empty
 * grid, answers Space on its header cell, keeps its state across a sort, and speaks French.
 */
interface Row {
  id: string;
  name: string;
}
const ROWS: Row[] = Array.from({ length: 12 }, (_, i) => ({
  id: `r${i}`,
  name: `${i % 2 ? 'laptop' : 'desktop'}-${String(i).padStart(2, '0')}`,
}));

let api: GridApi<Row> | undefined;
let lastSelection: GridSelection<Row> | undefined;

function Grid({ rows = ROWS }: { rows?: Row[] }) {
  const [filter, setFilter] = useState('');
  return (
    <>
      <input aria-label="filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <div style={{ height: 600, width: 600 }}>
        <ConsoleGrid<Row>
          rowData={rows}
          columnDefs={[{ field: 'name' }]}
          getRowId={(p) => p.data.id}
          quickFilterText={filter}
          fastSort
          onGridReady={(e) => {
            api = e.api;
          }}
          onSelection={(s) => {
            lastSelection = s;
          }}
        />
      </div>
    </>
  );
}

function renderGrid(language: 'en' | 'fr' = 'en', rows?: Row[]) {
  api = undefined;
  lastSelection = undefined;
  return render(
    <I18nProvider language={language}>
      <ThemeProvider preference="light">
        <Grid {...(rows ? { rows } : {})} />
      </ThemeProvider>
    </I18nProvider>,
  );
}

const headerBox = (container: HTMLElement) =>
  container.querySelector<HTMLInputElement>('.ag-header-select-all input[type="checkbox"]')!;
const selectedNames = () => (lastSelection?.rows ?? []).map((r) => r.name).sort();

describe('the grid toolkit’s header checkbox', () => {
  it('selects the shown rows only, clears them, and shows some as indeterminate', async () => {
    const { container } = renderGrid();
    await waitFor(() => expect(container.querySelectorAll('.ag-row').length).toBeGreaterThan(0));
    const box = headerBox(container);
    expect(box.checked).toBe(false);
    expect(box.getAttribute('aria-label')).toBe(en['grid.selectAll.select']);

    fireEvent.change(screen.getByLabelText('filter'), { target: { value: 'laptop' } });
    await waitFor(() => expect(api!.getDisplayedRowCount()).toBe(6));
    fireEvent.click(headerBox(container));
    await waitFor(() => expect(selectedNames()).toHaveLength(6));
    expect(selectedNames().every((n) => n.startsWith('laptop'))).toBe(true);
    expect(api!.getSelectedNodes()).toHaveLength(6);
    await waitFor(() => expect(headerBox(container).checked).toBe(true));
    expect(headerBox(container).getAttribute('aria-label')).toBe(en['grid.selectAll.clear']);

    // Without the filter, 6 of 12 shown rows are selected: indeterminate; a click selects the rest.
    fireEvent.change(screen.getByLabelText('filter'), { target: { value: '' } });
    await waitFor(() => expect(api!.getDisplayedRowCount()).toBe(12));
    await waitFor(() => expect(headerBox(container).indeterminate).toBe(true));
    expect(headerBox(container).checked).toBe(false);
    fireEvent.click(headerBox(container));
    await waitFor(() => expect(api!.getSelectedNodes()).toHaveLength(12));
    await waitFor(() => expect(headerBox(container).checked).toBe(true));
    expect(headerBox(container).indeterminate).toBe(false);

    // All shown rows selected: a click clears them.
    fireEvent.click(headerBox(container));
    await waitFor(() => expect(api!.getSelectedNodes()).toHaveLength(0));
    await waitFor(() => expect(headerBox(container).checked).toBe(false));
  });

  it('clears only the shown rows when all of them are selected', async () => {
    const { container } = renderGrid();
    await waitFor(() => expect(api).toBeDefined());
    await waitFor(() => expect(container.querySelectorAll('.ag-row').length).toBeGreaterThan(0));
    api!.selectAll('all');
    fireEvent.change(screen.getByLabelText('filter'), { target: { value: 'desktop' } });
    await waitFor(() => expect(headerBox(container).checked).toBe(true));
    fireEvent.click(headerBox(container));
    await waitFor(() => expect(api!.getSelectedNodes()).toHaveLength(6));
    expect(api!.getSelectedNodes().every((n) => n.data!.name.startsWith('laptop'))).toBe(true);
  });

  it('keeps its state across a sort, and Space on its header cell toggles it', async () => {
    const { container } = renderGrid();
    await waitFor(() => expect(container.querySelectorAll('.ag-row').length).toBeGreaterThan(0));
    api!.getRowNode('r3')!.setSelected(true);
    await waitFor(() => expect(headerBox(container).indeterminate).toBe(true));
    api!.applyColumnState({ state: [{ colId: 'name', sort: 'desc' }] });
    await waitFor(() =>
      expect(container.querySelector('.ag-row[row-index="0"] [col-id="name"]')?.textContent).toBe(
        'laptop-11',
      ),
    );
    expect(headerBox(container).indeterminate).toBe(true);

    const headerCell = headerBox(container).closest<HTMLElement>('.ag-header-cell')!;
    fireEvent.keyDown(headerCell, { key: ' ' });
    await waitFor(() => expect(api!.getSelectedNodes()).toHaveLength(12));
    fireEvent.keyDown(headerCell, { key: ' ' });
    await waitFor(() => expect(api!.getSelectedNodes()).toHaveLength(0));
  });

  it('is disabled over an empty grid, and speaks French', async () => {
    const { container } = renderGrid('fr', []);
    await waitFor(() => expect(api).toBeDefined());
    await waitFor(() => expect(headerBox(container)).not.toBeNull());
    expect(headerBox(container).disabled).toBe(true);
    expect(headerBox(container).getAttribute('aria-label')).toBe(fr['grid.selectAll.select']);
  });
});
