import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AllCommunityModule, ModuleRegistry, type GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ColumnChooser } from '../../../../renderer/src/components/column-chooser';
import { Modal } from '../../../../renderer/src/components/modal';
import { I18nProvider } from '../../../../renderer/src/i18n/i18n';

/*
 * The column chooser (renderer/src/components/column-chooser.tsx) on Radix Popover, over a real
 * AG Grid: opening, choosing, Escape and the second click closing, the focus, and the popover
 * reading the columns afresh each time it opens.
 */
ModuleRegistry.registerModules([AllCommunityModule]);

type Row = { fqdn: string; serial: string };
let gridApi: GridApi<Row> | undefined;

function Toolbar() {
  const [api, setApi] = useState<GridApi<Row>>();
  return (
    <I18nProvider language="en">
      <ColumnChooser api={api as GridApi | undefined} />
      <div style={{ height: 200, width: 400 }}>
        <AgGridReact<Row>
          columnDefs={[
            { field: 'fqdn', headerName: 'FQDN' },
            { field: 'serial', headerName: 'Serial number', hide: true },
          ]}
          rowData={[{ fqdn: 'pc-01.demo.lan', serial: 'SN-1' }]}
          onGridReady={(e) => {
            gridApi = e.api;
            setApi(e.api);
          }}
        />
      </div>
    </I18nProvider>
  );
}

describe('column chooser', () => {
  it('shows one checkbox per column, hides and shows columns, closes on Escape and on a second click', async () => {
    const user = userEvent.setup({ delay: null });
    render(<Toolbar />);
    const button = screen.getByRole('button', { name: 'Columns' });
    await waitFor(() => expect(button).toHaveProperty('disabled', false));

    await user.click(button);
    const panel = await screen.findByRole('group', { name: 'Columns' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const box = (name: string) => within(panel).getByRole('checkbox', { name });
    expect(box('FQDN')).toHaveProperty('checked', true);
    expect(box('Serial number')).toHaveProperty('checked', false);
    // The E2E page objects find the boxes by the column id under `.popover`.
    expect(panel.classList.contains('popover')).toBe(true);
    expect(box('Serial number').getAttribute('data-col-id')).toBe('serial');
    await waitFor(() => expect(panel.contains(document.activeElement)).toBe(true));

    await user.click(box('Serial number'));
    expect(gridApi!.getColumn('serial')!.isVisible()).toBe(true);
    expect(box('Serial number')).toHaveProperty('checked', true);

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Columns' })).toBeNull());
    expect(document.activeElement).toBe(button);

    // Changed elsewhere (Restore default layout) while closed: the popover reads it when it opens.
    gridApi!.setColumnsVisible(['serial'], false);
    await user.click(button);
    const again = await screen.findByRole('group', { name: 'Columns' });
    expect(within(again).getByRole('checkbox', { name: 'Serial number' })).toHaveProperty('checked', false);
    await user.click(button);
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Columns' })).toBeNull());
  });

  it('inside a dialog (Download tasks), Escape closes the popover only; a second Escape closes the dialog', async () => {
    const user = userEvent.setup({ delay: null });
    function InDialog() {
      const [open, setOpen] = useState(true);
      return open ? (
        <Modal title="Download tasks" onClose={() => setOpen(false)}>
          <Toolbar />
        </Modal>
      ) : null;
    }
    render(<InDialog />);
    const dialog = await screen.findByRole('dialog', { name: 'Download tasks' });
    const button = within(dialog).getByRole('button', { name: 'Columns' });
    await waitFor(() => expect(button).toHaveProperty('disabled', false));
    await user.click(button);
    const panel = await within(dialog).findByRole('group', { name: 'Columns' });
    await waitFor(() => expect(panel.contains(document.activeElement)).toBe(true));

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Columns' })).toBeNull());
    expect(screen.getByRole('dialog', { name: 'Download tasks' })).toBe(dialog);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
