import { screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CreateKeyDialog } from '../../../../../renderer/src/features/keys/create-key-dialog';
import { en } from '../../../../../renderer/src/i18n/en';
import { startMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderInConsole } from '../../../../support/renderer/render-console';

/*
 * The key dialog's form is long: its buttons sit in the dialog's footer, outside the scrolling
 * body, so they stay in view (renderer/src/features/keys/create-key-dialog.tsx), and the dialog
 * opens on its first field rather than on the × (renderer/src/components/modal.tsx).
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startMainProcess();
});
afterAll(async () => {
  await main?.stop();
});

describe('create-key dialog layout', () => {
  it('keeps Cancel and Create in the footer, outside the scrolling body, the submit button still the form’s', async () => {
    renderInConsole(<CreateKeyDialog onClose={vi.fn()} />, main);
    const dialog = await screen.findByRole('dialog', { name: en['keys.create.title'] });
    const body = dialog.querySelector(':scope > .modal__body');
    const footer = dialog.querySelector(':scope > .modal__footer');
    if (!body || !footer) throw new Error('the dialog has no body or no footer of its own');
    const submit = within(dialog).getByRole<HTMLButtonElement>('button', { name: en['keys.create.submit'] });
    const cancel = within(dialog).getByRole('button', { name: en['repo.cancel'] });
    expect(footer.contains(submit) && footer.contains(cancel)).toBe(true);
    expect(body.contains(submit) || body.contains(cancel)).toBe(false);
    // The submit button is the form's although it is outside it (the `form` attribute).
    expect(submit.form).toBe(body.querySelector('form'));
    expect(document.activeElement).toBe(
      within(dialog).getByRole('textbox', { name: en['keys.create.name'] }),
    );
  });
});
