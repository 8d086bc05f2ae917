import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_UPDATES } from '../../../../../common/ipc/methods/updates';
import { en } from '../../../../../renderer/src/i18n/en';
import { startConnectedMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderApp } from '../../../../support/renderer/render-console';

/*
 * The Audit tab after its split (summary, per-update grid, per-host grid), in the whole console
 * against a real reference server (real dispatcher and core, real HTTP): the figures and both
 * grids' counts come from the server, and F5, the one refresh path, re-reads the server-paged
 * per-host rows after a host is deleted behind the tab's back.
 */
const HOSTS = 12;
let main: MainProcess;
beforeAll(async () => {
  main = await startConnectedMainProcess({ hosts: HOSTS });
});
afterAll(async () => main?.stop());

const perHostLabel = /^Per host \((\d+|…)\)$/;

describe('Audit tab', () => {
  it('shows the server’s figures, both grids’ counts, and F5 re-reads the per-host rows', async () => {
    const { user } = renderApp(main);
    const tabs = await screen.findByRole('tablist', { name: en['app.title'] }, { timeout: 30_000 });
    await user.click(within(tabs).getByRole('tab', { name: en['shell.tabs.audit'] }));

    // Summary: the KPIs as the server's summary computes them.
    const summary = await main.call('audit.summary', { filter: ALL_UPDATES });
    await waitFor(
      () => expect(screen.getByTestId('kpi-updates').textContent).toBe(String(summary.overall.updates)),
      {
        timeout: 30_000,
      },
    );
    expect(screen.getByTestId('kpi-applicable').textContent).toBe(String(summary.overall.applicable));
    expect(screen.getByRole('tab', { name: `Per update (${summary.updates.length})` })).toBeTruthy();

    // The per-host grid pages on the reference server: its count is the server's total.
    const perHost = screen.getByRole('tab', { name: perHostLabel });
    await user.click(perHost);
    await waitFor(() => expect(perHost.textContent).toBe(`Per host (${HOSTS})`), { timeout: 30_000 });

    const { rows } = await main.call('hosts.list', { limit: 1 });
    await main.call('hosts.delete', { uuids: [rows[0]!.uuid], deletePackages: false, deleteInventory: true });
    await user.keyboard('{F5}');
    await waitFor(() => expect(perHost.textContent).toBe(`Per host (${HOSTS - 1})`), { timeout: 30_000 });
  });
});
