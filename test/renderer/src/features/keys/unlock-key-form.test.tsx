import { screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  KeyPathsFormSchema,
  UnlockFormSchema,
} from '../../../../../renderer/src/features/keys/unlock-key-form';
import { UnlockKeyDialog } from '../../../../../renderer/src/features/keys/unlock-key-dialog';
import { fr } from '../../../../../renderer/src/i18n/fr';
import { translate } from '../../../../../renderer/src/i18n/i18n';
import { startMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderInConsole } from '../../../../support/renderer/render-console';

/*
 * The signing-key dialog's forms on react-hook-form with the contract's `keys.configure` and
 * `keys.unlock` schemas (unlock-key-form.ts). With no key configured (a fresh main process), the
 * dialog opens on the paths form: Save is gated on the schema and its issue reads in French.
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startMainProcess();
});
afterAll(async () => main?.stop());

describe('key dialog schemas', () => {
  it('are the contract’s: a key path is required, an empty certificate path is null', () => {
    const ok = KeyPathsFormSchema.safeParse({ keyPath: ' /k/admin.pem ', certificatePath: '  ' });
    expect(ok.success && ok.data).toEqual({ keyPath: '/k/admin.pem', certificatePath: null });
    expect(KeyPathsFormSchema.safeParse({ keyPath: ' ', certificatePath: '' }).success).toBe(false);
    expect(UnlockFormSchema.safeParse({ keyPassword: 'x'.repeat(4097) }).success).toBe(false);
    expect(UnlockFormSchema.parse({ keyPassword: 'pw' })).toEqual({ password: 'pw' });
  });
});

describe('key paths form', () => {
  it('in French: an emptied key path reads in French and Save stays disabled; typed paths stay', async () => {
    const { user } = renderInConsole(<UnlockKeyDialog onClose={vi.fn()} />, main, { language: 'fr' });
    const keyPath = await screen.findByRole('textbox', { name: fr['keys.keyPath'] });
    const certificate = screen.getByRole('textbox', { name: fr['keys.certificatePath'] });
    const save = screen.getByRole<HTMLButtonElement>('button', { name: fr['keys.save'] });
    expect(save.disabled).toBe(true);

    await user.type(certificate, '/home/admin/private/admin.crt');
    await user.type(keyPath, '  ');
    const error = translate('fr', 'issue.too_small', { origin: 'string', minimum: 1 });
    await waitFor(() =>
      expect(document.getElementById(keyPath.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
        error,
      ),
    );
    expect(document.body.textContent).not.toContain(
      translate('en', 'issue.too_small', { origin: 'string', minimum: 1 }),
    );
    expect(save.disabled).toBe(true);
    await user.type(keyPath, '{Enter}');
    expect(main.invoked).not.toContain('keys.configure');

    await user.clear(keyPath);
    await user.type(keyPath, '/home/admin/private/admin.pem');
    await waitFor(() => expect(save.disabled).toBe(false));
    expect(keyPath.getAttribute('aria-invalid')).toBe('false');
    expect((certificate as HTMLInputElement).value).toBe('/home/admin/private/admin.crt');
  });
});
