import { screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../../../renderer/src/i18n/en';
import { fr } from '../../../../../renderer/src/i18n/fr';
import { translate } from '../../../../../renderer/src/i18n/i18n';
import { startMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderApp, type ConsoleRender } from '../../../../support/renderer/render-console';

/*
 * The login screen of the whole console (App, as the window renders it) against a real reference
 * server: the bridge's calls go through the real dispatcher and core in their own process, and
 * the core logs in over real HTTP.
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startMainProcess({ server: { hosts: 5 } });
});
afterAll(async () => main?.stop());
afterEach(async () => {
  // Each test starts at the login screen, in English.
  await main.call('session.disconnect', {});
  await main.call('settings.update', { language: 'en' });
});

async function fillLogin(view: ConsoleRender, password: string) {
  const { user } = view;
  const url = await screen.findByRole('textbox', { name: /server url|url du serveur/i });
  await user.clear(url);
  await user.type(url, main.serverUrl!);
  const name = screen.getByRole('textbox', { name: /^(user|utilisateur)$/i });
  await user.clear(name);
  await user.type(name, main.adminUser);
  // A password field has no role: reach it by its label.
  await user.type(screen.getByLabelText(/^(password|mot de passe)$/i), password);
}

describe('login screen', () => {
  it('a wrong password shows the translated refusal and stays on the login screen', async () => {
    const view = renderApp(main);
    expect(await screen.findByRole('heading', { name: en['login.title'] })).toBeTruthy();
    await fillLogin(view, 'not-the-password');
    await view.user.click(screen.getByRole('button', { name: en['login.connect'] }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(en['error.UNAUTHENTICATED']);
    expect(alert.dataset.errorCode).toBe('UNAUTHENTICATED');
    expect(screen.getByRole('heading', { name: en['login.title'] })).toBeTruthy();
    expect(screen.queryByRole('tablist')).toBeNull();
    // The refusal came from the server through the real dispatcher, not from the window.
    expect(main.invoked).toContain('session.connect');
  });

  it('in French, the same refusal reads in French (the code crossed the bridge, not the sentence)', async () => {
    await main.call('settings.update', { language: 'fr' });
    const view = renderApp(main);
    expect(await screen.findByRole('heading', { name: fr['login.title'] })).toBeTruthy();
    await fillLogin(view, 'toujours-pas-le-bon');
    await view.user.click(screen.getByRole('button', { name: fr['login.connect'] }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(fr['error.UNAUTHENTICATED']);
    expect(alert.textContent).not.toBe(en['error.UNAUTHENTICATED']);
  });

  it('the right password opens the console on the Hosts tab', async () => {
    const view = renderApp(main);
    await screen.findByRole('heading', { name: en['login.title'] });
    await fillLogin(view, main.adminPassword);
    await view.user.click(screen.getByRole('button', { name: en['login.connect'] }));

    const tabs = await screen.findByRole('tablist', {}, { timeout: 20_000 });
    const hosts = within(tabs).getByRole('tab', { name: en['shell.tabs.hosts'] });
    expect(hosts.getAttribute('aria-selected')).toBe('true');
    expect(screen.queryByRole('heading', { name: en['login.title'] })).toBeNull();
    // The session line names the user and the server, and the host count the server answered.
    const session = screen.getByTestId('session-info').textContent;
    expect(session).toContain(
      translate('en', 'shell.connectedAs', { user: main.adminUser, server: main.serverUrl! }),
    );
    expect(session).toContain(translate('en', 'shell.hostsCount', { count: 5 }));
  });
});
