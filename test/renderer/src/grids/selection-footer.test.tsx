import { screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../../renderer/src/i18n/i18n';
import { startConnectedMainProcess, type MainProcess } from '../../../support/renderer/fake-bridge';
import { renderApp } from '../../../support/renderer/render-console';

/*
 * The grid toolkit's selection footer (renderer/src/grids/console-grid.tsx, SelectionNote): rows
 * selected, then hidden by a narrower filter, stay selected and are counted as hidden. Shown on
 * the hosts grid in its client-side mode, against the strict wapt-1.8.2 profile (no paging),
 * logged in through the real core.
 */
const HOSTS = 12;
let main: MainProcess;
beforeAll(async () => {
  main = await startConnectedMainProcess({ hosts: HOSTS, profile: 'wapt-1.8.2' });
});
afterAll(async () => main?.stop());

/** The host names the grid has drawn. */
const fqdnCells = (container: HTMLElement) =>
  [...container.querySelectorAll('.ag-row [col-id="computer_fqdn"]')].map((c) => c.textContent ?? '');
const count = () => screen.getByTestId('hosts-count').textContent;
const selection = (selected: number) => translate('en', 'hosts.selection', { selected, total: HOSTS });

describe('grid selection footer', () => {
  it('counts the selected rows a later filter hides, and forgets them when the filter goes', async () => {
    const { user, container } = renderApp(main);
    await waitFor(() => expect(count()).toBe(selection(0)), { timeout: 20_000 });
    const filter = screen.getByRole('searchbox', { name: translate('en', 'hosts.quickFilter.label') });

    // The header checkbox selects what the quick filter shows: the laptops (`-lt-` in their name).
    await user.type(filter, '-lt-');
    // Settled when every row drawn is a laptop and the footer says how many the filter shows.
    let laptops = NaN;
    await waitFor(() => {
      const names = fqdnCells(container);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name).toContain('-lt-');
      laptops = Number(/\d+/.exec(screen.getByTestId('hosts-shown').textContent ?? '')?.[0]);
      expect(laptops).toBeLessThan(HOSTS);
    });
    expect(laptops).toBeGreaterThan(1);
    const headerBox = container.querySelector<HTMLInputElement>(
      '.ag-header-select-all input[type="checkbox"]',
    );
    expect(headerBox).not.toBeNull();
    await user.click(headerBox!);
    await waitFor(() => expect(count()).toBe(selection(laptops)));
    expect(screen.queryByTestId('grid-selection-hidden')).toBeNull();

    // A narrower filter (one laptop's full name) hides the others: still selected, counted as hidden.
    const firstLaptop = fqdnCells(container)[0];
    expect(firstLaptop).toBeTruthy();
    await user.clear(filter);
    await user.type(filter, firstLaptop!);
    await waitFor(() => {
      expect(screen.getByTestId('grid-selection-hidden').textContent).toBe(
        translate('en', 'grid.selectionHidden', { count: laptops - 1 }),
      );
      expect(count()).toBe(selection(1));
    });

    // Clearing the filter shows them again, still selected; nothing is hidden any more.
    await user.clear(filter);
    await waitFor(() => expect(count()).toBe(selection(laptops)));
    expect(screen.queryByTestId('grid-selection-hidden')).toBeNull();
  });
});
