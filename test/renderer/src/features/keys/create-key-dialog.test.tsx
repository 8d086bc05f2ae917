import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CreateKeyDialog } from '../../../../../renderer/src/features/keys/create-key-dialog';
import { en } from '../../../../../renderer/src/i18n/en';
import { startMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderInConsole } from '../../../../support/renderer/render-console';

/*
 * "New key…" (docs/keys.md): the password typed twice, and the one rule that matters most — the
 * key is made and written by the main process (here the real core in its own process), and the
 * window only ever sees paths, the subject and the fingerprint. The fingerprint shown is checked
 * against `openssl x509` on the certificate written to disk.
 */
const PASSWORD = 'Correct-Horse-Battery-9';
let main: MainProcess;
let folder: string;
beforeAll(async () => {
  main = await startMainProcess();
  folder = mkdtempSync(path.join(os.tmpdir(), 'wapt-ctest-keys-'));
});
afterAll(async () => {
  await main?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Everything a person or a script in the window could read: the markup and every field's value. */
function everythingInTheWindow(): string {
  const values = [...document.querySelectorAll('input, textarea, select')].map(
    (el) => (el as HTMLInputElement).value,
  );
  return `${document.documentElement.outerHTML}\n${values.join('\n')}`;
}

describe('create-key dialog', () => {
  it('says when the two passwords differ and will not create until they match', async () => {
    const { user } = renderInConsole(<CreateKeyDialog onClose={vi.fn()} />, main);
    await screen.findByRole('dialog', { name: en['keys.create.title'] });
    await user.type(screen.getByRole('textbox', { name: en['keys.create.folder'] }), folder);
    await user.type(screen.getByLabelText(en['keys.create.password']), PASSWORD);
    await user.type(screen.getByLabelText(en['keys.create.passwordAgain']), `${PASSWORD}x`);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(en['keys.create.mismatch']);
    expect(screen.getByLabelText(en['keys.create.passwordAgain']).getAttribute('aria-invalid')).toBe('true');
    const submit = screen.getByRole('button', { name: en['keys.create.submit'] });
    expect((submit as HTMLButtonElement).disabled).toBe(true);

    // Enter in a field submits the form: nothing must reach main while the passwords differ.
    await user.type(screen.getByLabelText(en['keys.create.passwordAgain']), '{Enter}');
    expect(main.invoked).not.toContain('keys.create');

    await user.type(screen.getByLabelText(en['keys.create.passwordAgain']), '{Backspace}');
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect((submit as HTMLButtonElement).disabled).toBe(false);
  });

  it('creates the key in main: the window shows paths and the fingerprint, never the private key', async () => {
    const { user } = renderInConsole(<CreateKeyDialog onClose={vi.fn()} />, main);
    await screen.findByRole('dialog', { name: en['keys.create.title'] });
    const name = screen.getByRole('textbox', { name: en['keys.create.name'] });
    await user.clear(name);
    await user.type(name, 'ctest');
    await user.type(screen.getByRole('textbox', { name: en['keys.create.folder'] }), folder);
    await user.selectOptions(screen.getByRole('combobox', { name: en['keys.create.bits'] }), '2048');
    await user.type(screen.getByLabelText(en['keys.create.password']), PASSWORD);
    await user.type(screen.getByLabelText(en['keys.create.passwordAgain']), PASSWORD);
    await user.click(screen.getByRole('button', { name: en['keys.create.submit'] }));

    const keyPath = path.join(folder, 'ctest.pem');
    const certificatePath = path.join(folder, 'ctest.crt');
    expect((await screen.findByTestId('created-key-path', {}, { timeout: 60_000 })).textContent).toBe(
      keyPath,
    );
    expect(screen.getByTestId('created-certificate-path').textContent).toBe(certificatePath);

    // The fingerprint shown is the certificate's on disk, as openssl computes it.
    const openssl = execFileSync(
      'openssl',
      ['x509', '-noout', '-fingerprint', '-sha256', '-in', certificatePath],
      {
        encoding: 'utf8',
      },
    );
    const expected = openssl.split('=')[1]!.trim().replace(/:/g, '').toLowerCase();
    const shown = (screen.getByTestId('created-fingerprint').textContent ?? '')
      .replace(/:/g, '')
      .toLowerCase();
    expect(shown).toBe(expected);

    // The private key (an encrypted PEM on disk) appears nowhere in the window, nor does its password.
    const pem = readFileSync(keyPath, 'utf8');
    expect(pem).toMatch(/-----BEGIN (ENCRYPTED |RSA )?PRIVATE KEY-----/);
    const body = pem.split('\n').filter((l) => l.length >= 32 && !l.startsWith('-----') && !l.includes(':'));
    expect(body.length).toBeGreaterThan(10);
    const window = everythingInTheWindow();
    expect(window).not.toContain('PRIVATE KEY');
    for (const line of body) expect(window).not.toContain(line);
    expect(window).not.toContain(PASSWORD);
    // And nothing that crossed the bridge could have carried it: main answered keys.create once.
    expect(main.invoked.filter((m) => m === 'keys.create')).toHaveLength(1);
  });
});
