import { screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../../renderer/src/i18n/en';
import { fr } from '../../../../renderer/src/i18n/fr';
import { startMainProcess, type MainProcess } from '../../../support/renderer/fake-bridge';
import { renderApp } from '../../../support/renderer/render-console';

/*
 * The preferences bar (renderer/src/components/preferences-bar.tsx) on the login page of the
 * whole console: choosing French re-renders every text in French at once, the choice is saved by
 * the main process (the real settings store in its user-data directory), and a new window starts
 * in French. The theme choice sets <html data-theme>.
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startMainProcess();
});
afterAll(async () => main?.stop());

describe('preferences bar', () => {
  it('switching the language to French re-renders the screen in French and is saved in main', async () => {
    const { user, unmount } = renderApp(main);
    await screen.findByRole('heading', { name: en['login.title'] });
    expect(document.documentElement.lang).toBe('en');

    await user.selectOptions(screen.getByRole('combobox', { name: en['shell.language'] }), 'fr');

    expect(await screen.findByRole('heading', { name: fr['login.title'] })).toBeTruthy();
    expect(screen.getByRole('button', { name: fr['login.connect'] })).toBeTruthy();
    // The bar itself is in French too, and no English label of the login form is left.
    expect(screen.getByRole('combobox', { name: fr['shell.language'] })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: en['login.title'] })).toBeNull();
    expect(screen.queryByRole('button', { name: en['login.connect'] })).toBeNull();
    expect(document.documentElement.lang).toBe('fr');

    // Saved by main, so the next window opens in French.
    await waitFor(async () => expect((await main.call('settings.get', {})).language).toBe('fr'));
    unmount();
    renderApp(main);
    expect(await screen.findByRole('heading', { name: fr['login.title'] })).toBeTruthy();
  });

  it('switching the theme to dark sets the page theme and saves it', async () => {
    await main.call('settings.update', { language: 'en', theme: 'light' });
    const { user } = renderApp(main);
    await screen.findByRole('heading', { name: en['login.title'] });
    expect(document.documentElement.dataset.theme).toBe('light');

    await user.selectOptions(screen.getByRole('combobox', { name: en['shell.theme'] }), 'dark');

    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await waitFor(async () => expect((await main.call('settings.get', {})).theme).toBe('dark'));
  });
});
