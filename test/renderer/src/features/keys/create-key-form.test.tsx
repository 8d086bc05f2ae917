import { screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CreateKeyDialog } from '../../../../../renderer/src/features/keys/create-key-dialog';
import {
  CreateKeyFormSchema,
  defaultCreateKeyValues,
} from '../../../../../renderer/src/features/keys/create-key-form';
import { en } from '../../../../../renderer/src/i18n/en';
import { fr } from '../../../../../renderer/src/i18n/fr';
import { translate } from '../../../../../renderer/src/i18n/i18n';
import { startMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderInConsole } from '../../../../support/renderer/render-console';

/*
 * The new-key form on react-hook-form with the contract's `keys.create` schema (create-key-form.ts):
 * its submit is gated on that schema, its issues are said in the user's language, and what was
 * typed stays. The dialog talks to the real core in its own process; nothing here creates a key.
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startMainProcess();
});
afterAll(async () => main?.stop());

const PASSWORD = 'Correct-Horse-Battery-9';

describe('create-key form schema', () => {
  it('turns valid values into the keys.create request and refuses what main would refuse', () => {
    const ok = CreateKeyFormSchema.safeParse({
      ...defaultCreateKeyValues(true),
      keyName: ' ops ',
      keyFolder: '/keys',
      newKeyPassword: PASSWORD,
      newKeyPasswordAgain: PASSWORD,
      exportP12: true,
    });
    expect(ok.success && ok.data).toMatchObject({
      name: 'ops',
      folder: '/keys',
      commonName: 'ops',
      issuer: null,
      pkcs12: { password: null },
      useAsAdminKey: true,
    });
    const bad = CreateKeyFormSchema.safeParse({
      ...defaultCreateKeyValues(false),
      keyName: 'bad name',
      keyFolder: '',
      newKeyPassword: 'short',
      newKeyPasswordAgain: 'other',
      issuer: 'ca',
      exportP12: true,
      p12SamePassword: false,
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(
      [
        'caCertificate',
        'caKey',
        'keyFolder',
        'keyName',
        'newKeyPassword',
        'newKeyPasswordAgain',
        'p12Password',
      ].sort(),
    );
  });
});

describe('create-key dialog form', () => {
  it('in French: the mismatch and a bad key name read in French, and Create stays disabled', async () => {
    const { user } = renderInConsole(<CreateKeyDialog onClose={vi.fn()} />, main, { language: 'fr' });
    await screen.findByRole('dialog', { name: fr['keys.create.title'] });
    const name = screen.getByRole('textbox', { name: fr['keys.create.name'] });
    await user.clear(name);
    await user.type(name, 'mauvais nom');
    await user.type(screen.getByRole('textbox', { name: fr['keys.create.folder'] }), '/tmp/cles');
    await user.type(screen.getByLabelText(fr['keys.create.password']), PASSWORD);
    await user.type(screen.getByLabelText(fr['keys.create.passwordAgain']), `${PASSWORD}x`);

    expect((await screen.findByRole('alert')).textContent).toBe(fr['issue.PASSWORD_MISMATCH']);
    // The key name's issue (the contract's regex) is zod's code said from the French catalogue.
    const nameError = document.getElementById(name.getAttribute('aria-describedby')!);
    expect(nameError?.textContent).toBe(translate('fr', 'issue.invalid_format', { format: 'regex' }));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.body.textContent).not.toContain(
      translate('en', 'issue.invalid_format', { format: 'regex' }),
    );
    expect(document.body.textContent).not.toContain(en['issue.PASSWORD_MISMATCH']);
    const submit = screen.getByRole<HTMLButtonElement>('button', { name: fr['keys.create.submit'] });
    expect(submit.disabled).toBe(true);
    await user.type(screen.getByLabelText(fr['keys.create.passwordAgain']), '{Enter}');
    expect(main.invoked).not.toContain('keys.create');

    // Fixed, the errors go and Create is enabled.
    await user.clear(name);
    await user.type(name, 'bon-nom');
    await user.type(screen.getByLabelText(fr['keys.create.passwordAgain']), '{Backspace}');
    await waitFor(() => expect(submit.disabled).toBe(false));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(name.getAttribute('aria-invalid')).toBe('false');
  });

  it('a CA issuer needs its certificate and key files; what was typed stays when options are toggled', async () => {
    const { user } = renderInConsole(<CreateKeyDialog onClose={vi.fn()} />, main);
    await screen.findByRole('dialog', { name: en['keys.create.title'] });
    await user.type(screen.getByRole('textbox', { name: en['keys.create.folder'] }), '/tmp/keys');
    await user.type(screen.getByLabelText(en['keys.create.password']), PASSWORD);
    await user.type(screen.getByLabelText(en['keys.create.passwordAgain']), PASSWORD);
    await user.type(screen.getByRole('textbox', { name: en['keys.create.organization'] }), 'Tranquil');
    const submit = screen.getByRole<HTMLButtonElement>('button', { name: en['keys.create.submit'] });
    await waitFor(() => expect(submit.disabled).toBe(false));

    await user.click(screen.getByRole('radio', { name: en['keys.create.byCa'] }));
    await waitFor(() => expect(submit.disabled).toBe(true));
    await user.type(screen.getByRole('textbox', { name: en['keys.create.caCertificate'] }), '/ca/ca.crt');
    await user.type(screen.getByRole('textbox', { name: en['keys.create.caKey'] }), '/ca/ca.pem');
    await waitFor(() => expect(submit.disabled).toBe(false));

    // Back to self-signed and again to CA: the CA paths and every other field kept what was typed.
    await user.click(screen.getByRole('radio', { name: en['keys.create.selfSigned'] }));
    await user.click(screen.getByRole('radio', { name: en['keys.create.byCa'] }));
    expect(
      screen.getByRole<HTMLInputElement>('textbox', { name: en['keys.create.caCertificate'] }).value,
    ).toBe('/ca/ca.crt');
    expect(
      screen.getByRole<HTMLInputElement>('textbox', { name: en['keys.create.organization'] }).value,
    ).toBe('Tranquil');
    expect(screen.getByLabelText<HTMLInputElement>(en['keys.create.password']).value).toBe(PASSWORD);
    expect(main.invoked).not.toContain('keys.create');
  });
});
