import { screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SaveDialog } from '../../../../../renderer/src/features/wua-rules/save-dialog';
import type { Draft } from '../../../../../renderer/src/features/wua-rules/rules-editor/editor-state';
import { en } from '../../../../../renderer/src/i18n/en';
import { translate } from '../../../../../renderer/src/i18n/i18n';
import { startConnectedMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderInConsole } from '../../../../support/renderer/render-console';

/*
 * Issue 15 point 4: the save dialog's validation issues come from main (the real rules service in
 * its own process, logged in to a real reference server) as code + parameters, and the window says
 * them in the user's language. Nothing here builds an issue itself: the draft is sent to
 * `wuaRules.preview` and main's validateRulesSpec finds what is wrong.
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startConnectedMainProcess({ hosts: 3 });
});
afterAll(async () => main?.stop());

// A KB that is too short and an update id that is not a GUID: both refused by validateRulesSpec.
const draft: Draft = {
  package: 'demo-wua-issues',
  baseVersion: null,
  description: '',
  maturity: 'PROD',
  rules: { allowed_kbs: ['KB12'], forbidden_updates: ['not-a-guid'] },
};

async function issuesShown(): Promise<string[]> {
  const dialog = await screen.findByTestId('save-dialog');
  await within(dialog).findAllByTestId('save-issue', {}, { timeout: 60_000 });
  return within(dialog)
    .getAllByTestId('save-issue')
    .map((p) => p.textContent ?? '');
}

describe('save dialog validation issues', () => {
  it('are shown in French, filled with the field and the value main named', async () => {
    renderInConsole(
      <SaveDialog draft={draft} onClose={vi.fn()} onSaved={vi.fn()} onMerged={vi.fn()} />,
      main,
      {
        language: 'fr',
      },
    );
    const shown = await issuesShown();
    expect(shown).toEqual([
      translate('fr', 'issue.RULES_UPDATE_ID', { field: 'forbidden_updates', value: 'not-a-guid' }),
      translate('fr', 'issue.RULES_KB', { field: 'allowed_kbs', value: 'KB12' }),
    ]);
    expect(shown[1]).toBe('allowed_kbs : « KB12 » n’est pas un numéro de KB');
    // Not main's English sentence, and no raw catalogue key.
    for (const text of shown) {
      expect(text).not.toMatch(/is not an? (update id|KB number)/);
      expect(text).not.toContain('issue.');
    }
    // Saving stays blocked while an issue is shown.
    expect(screen.getByTestId<HTMLButtonElement>('save-sign-upload').disabled).toBe(true);
  });

  it('are shown in English with the same parameters', async () => {
    renderInConsole(
      <SaveDialog draft={draft} onClose={vi.fn()} onSaved={vi.fn()} onMerged={vi.fn()} />,
      main,
      {
        language: 'en',
      },
    );
    expect(await issuesShown()).toEqual([
      'forbidden_updates: “not-a-guid” is not an update id (GUID or GUID_revision)',
      'allowed_kbs: “KB12” is not a KB number',
    ]);
    expect(en['issue.RULES_KB']).toContain('{value}');
  });
});
