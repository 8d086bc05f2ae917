import { screen, waitFor } from '@testing-library/react';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { useState } from 'react';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeyPathsForm } from '../../../../../renderer/src/features/keys/key-paths-form';
import { en } from '../../../../../renderer/src/i18n/en';
import { fr } from '../../../../../renderer/src/i18n/fr';
import { startMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderInConsole } from '../../../../support/renderer/render-console';

/*
 * The "which signing key" form of the agent build step and of the key dialog, on react-hook-form
 * with the contract's `keys.configure` schema (keys/key-paths-form.tsx): gated on the schema, what
 * was typed survives an unmount (the draft store, one draft per place), a refused path reads in
 * French, and a real key made by openssl is accepted by the real core.
 */
let main: MainProcess;
let work: string;
beforeAll(async () => {
  main = await startMainProcess();
  work = mkdtempSync(path.join(os.tmpdir(), 'agent-key-form-'));
  const key = path.join(work, 'admin.pem');
  execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
  execFileSync('openssl', [
    'req',
    '-new',
    '-x509',
    '-key',
    key,
    '-subj',
    '/CN=agent-form-admin',
    '-days',
    '30',
    '-out',
    path.join(work, 'admin.crt'),
  ]);
});
afterAll(async () => {
  await main?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The form under a switch that unmounts it, the console's providers (and draft store) staying. */
function Toggled() {
  const [shown, setShown] = useState(true);
  return (
    <>
      {shown && <KeyPathsForm place="agentStep" draftKey="agent.build.keyPaths" onSaved={vi.fn()} />}
      <button onClick={() => setShown((s) => !s)}>toggle</button>
    </>
  );
}

describe('agent build step: the signing key paths form', () => {
  it('is gated on the schema and keeps what was typed across an unmount', async () => {
    const first = renderInConsole(<Toggled />, main);
    const use = () => screen.getByRole<HTMLButtonElement>('button', { name: en['agent.key.use'] });
    const keyPath = await screen.findByRole('textbox', { name: en['agent.key.keyPath'] });
    expect(use().disabled).toBe(true);
    await first.user.type(keyPath, '   {Enter}');
    expect(main.invoked).not.toContain('keys.configure');
    expect(use().disabled).toBe(true);
    await first.user.clear(keyPath);
    await first.user.type(keyPath, '/nowhere/admin.pem');
    await waitFor(() => expect(use().disabled).toBe(false));
    // Unmounted (as by a tab switch), then shown again inside the same console.
    await first.user.click(screen.getByRole('button', { name: 'toggle' }));
    expect(screen.queryByRole('textbox', { name: en['agent.key.keyPath'] })).toBeNull();
    await first.user.click(screen.getByRole('button', { name: 'toggle' }));
    const again = await screen.findByRole<HTMLInputElement>('textbox', { name: en['agent.key.keyPath'] });
    expect(again.value).toBe('/nowhere/admin.pem');
  });

  it('in French, a key that does not exist is refused in French; a real key is accepted', async () => {
    const onSaved = vi.fn();
    const { user } = renderInConsole(
      <KeyPathsForm place="agentStep" draftKey="agent.build.keyPaths" onSaved={onSaved} />,
      main,
      { language: 'fr' },
    );
    const keyPath = await screen.findByRole('textbox', { name: fr['agent.key.keyPath'] });
    const use = screen.getByRole<HTMLButtonElement>('button', { name: fr['agent.key.use'] });
    const certificate = screen.getByRole('textbox', { name: fr['agent.key.certPath'] });
    await user.clear(certificate);
    await user.type(certificate, path.join(work, 'admin.crt'));
    await user.clear(keyPath);
    await user.type(keyPath, path.join(work, 'missing.pem'));
    await waitFor(() => expect(use.disabled).toBe(false));
    await user.click(use);
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toMatch(/\S/);
    expect(banner.textContent).not.toMatch(/\b(cannot|not found|does not exist|no such)\b/i);
    expect(onSaved).not.toHaveBeenCalled();

    await user.clear(keyPath);
    await user.type(keyPath, path.join(work, 'admin.pem'));
    await waitFor(() => expect(use.disabled).toBe(false));
    await user.click(use);
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(onSaved.mock.calls[0]![0]).toMatchObject({
      configured: true,
      keyPath: path.join(work, 'admin.pem'),
    });
  });

  it("in the key dialog, says the dialog's words and keeps its own draft apart from the build step's", async () => {
    const onSaved = vi.fn();
    const { user } = renderInConsole(
      <>
        <KeyPathsForm place="dialog" draftKey="keys.dialog.keyPaths" onSaved={onSaved} />
        <KeyPathsForm place="agentStep" draftKey="agent.build.keyPaths" onSaved={vi.fn()} />
      </>,
      main,
    );
    const dialogKey = await screen.findByRole<HTMLInputElement>('textbox', { name: en['keys.keyPath'] });
    const stepKey = screen.getByRole<HTMLInputElement>('textbox', { name: en['agent.key.keyPath'] });
    const save = screen.getByRole<HTMLButtonElement>('button', { name: en['keys.save'] });
    expect(screen.getByText(en['keys.pathsHint'])).toBeTruthy();
    expect(save.disabled).toBe(true);
    await user.type(dialogKey, path.join(work, 'admin.pem'));
    await user.type(
      screen.getByRole('textbox', { name: en['keys.certificatePath'] }),
      path.join(work, 'admin.crt'),
    );
    expect(stepKey.value).toBe('');
    await waitFor(() => expect(save.disabled).toBe(false));
    await user.click(save);
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(onSaved.mock.calls[0]![0]).toMatchObject({
      configured: true,
      keyPath: path.join(work, 'admin.pem'),
    });
  });
});
