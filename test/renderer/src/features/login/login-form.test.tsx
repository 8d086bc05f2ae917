import { screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LoginFormSchema } from '../../../../../renderer/src/features/login/login-form';
import { en } from '../../../../../renderer/src/i18n/en';
import { fr } from '../../../../../renderer/src/i18n/fr';
import { translate } from '../../../../../renderer/src/i18n/i18n';
import { startMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderApp } from '../../../../support/renderer/render-console';

/*
 * The login form on react-hook-form with the contract's `session.connect` schema (login-form.ts):
 * Connect is gated on that schema, its issues read in the user's language, and what was typed
 * stays while options are toggled. The whole console runs over the real core in its own process.
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startMainProcess({ server: { hosts: 2 } });
});
afterAll(async () => main?.stop());
afterEach(async () => {
  await main.call('settings.update', { language: 'en' });
});

describe('login form schema', () => {
  it('is the contract’s: an http(s) URL without credentials, a user; an empty CA bundle is null', () => {
    const base = {
      user: ' admin ',
      password: '',
      verifyTls: true,
      caBundlePath: ' ',
      allowInsecure: false,
      saveProfile: false,
      rememberPassword: false,
    };
    const ok = LoginFormSchema.safeParse({ ...base, serverUrl: 'https://srv.lan' });
    expect(ok.success && ok.data.connect).toEqual({
      serverUrl: 'https://srv.lan',
      user: 'admin',
      password: '',
      verifyTls: true,
      allowInsecureHttp: false,
      caBundlePath: null,
    });
    for (const serverUrl of ['https://', 'ftp://srv.lan', 'https://u:p@srv.lan']) {
      const bad = LoginFormSchema.safeParse({ ...base, serverUrl });
      expect(bad.success, serverUrl).toBe(false);
    }
  });
});

describe('login form', () => {
  it('in French: a wrong server URL and an empty user read in French, and Connect stays disabled', async () => {
    await main.call('settings.update', { language: 'fr' });
    const view = renderApp(main);
    await screen.findByRole('heading', { name: fr['login.title'] });
    const url = screen.getByRole('textbox', { name: fr['login.serverUrl'] });
    const user = screen.getByRole('textbox', { name: fr['login.user'] });
    const connect = screen.getByRole<HTMLButtonElement>('button', { name: fr['login.connect'] });
    // The untouched default ("https://") is not an address: disabled, and nothing said yet.
    expect(connect.disabled).toBe(true);
    expect(url.getAttribute('aria-invalid')).toBe('false');

    await view.user.clear(url);
    await view.user.type(url, 'ftp://srvwapt.lan');
    await view.user.clear(user);
    const errorOf = (el: HTMLElement) =>
      document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent;
    await waitFor(() => expect(errorOf(url)).toBe(fr['issue.SERVER_URL']));
    expect(errorOf(user)).toBe(translate('fr', 'issue.too_small', { origin: 'string', minimum: 1 }));
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(document.body.textContent).not.toContain(en['issue.SERVER_URL']);
    expect(document.body.textContent).not.toContain('without credentials');
    expect(connect.disabled).toBe(true);
    // Enter submits the form: nothing reaches main while it is invalid.
    await view.user.type(url, '{Enter}');
    expect(main.invoked).not.toContain('session.connect');

    await view.user.clear(url);
    await view.user.type(url, main.serverUrl!);
    await view.user.type(user, main.adminUser);
    await waitFor(() => expect(connect.disabled).toBe(false));
    expect(url.getAttribute('aria-invalid')).toBe('false');
  });

  it('keeps what was typed when the CA bundle field is hidden and shown again', async () => {
    const view = renderApp(main);
    await screen.findByRole('heading', { name: en['login.title'] });
    const url = screen.getByRole('textbox', { name: en['login.serverUrl'] });
    await view.user.clear(url);
    await view.user.type(url, 'https://srvwapt.corp.lan');
    await view.user.type(screen.getByLabelText(en['login.password']), 'typed-secret');
    await view.user.type(screen.getByRole('textbox', { name: en['login.caBundle'] }), '/etc/ssl/corp.pem');
    const verify = screen.getByRole('checkbox', { name: en['login.verifyTls'] });
    await view.user.click(verify);
    expect(screen.queryByRole('textbox', { name: en['login.caBundle'] })).toBeNull();
    await view.user.click(verify);
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: en['login.caBundle'] }).value).toBe(
      '/etc/ssl/corp.pem',
    );
    expect((url as HTMLInputElement).value).toBe('https://srvwapt.corp.lan');
    expect(screen.getByLabelText<HTMLInputElement>(en['login.password']).value).toBe('typed-secret');
  });
});
