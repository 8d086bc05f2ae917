// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RulesEditor } from '../../../../../../renderer/src/features/wua-rules/rules-editor/rules-editor';
import {
  EDITOR_DRAFT_KEY,
  type EditorInit,
} from '../../../../../../renderer/src/features/wua-rules/rules-editor/editor-state';
import { useDraftStore } from '../../../../../../renderer/src/forms/draft-store';
import { I18nProvider } from '../../../../../../renderer/src/i18n/i18n';
import { ThemeProvider } from '../../../../../../renderer/src/theme';
import { startConnectedMainProcess, type MainProcess } from '../../../../../support/renderer/fake-bridge';
import { renderInConsole } from '../../../../../support/renderer/render-console';

/*
 * Issue 14 point 4 / issue 15: the split rule editor over the console's real main process (its
 * own Node process, logged in to a real reference server with its demo catalogue). The harness
 * does what the WUA rules tab and the shell do around the editor: it unmounts it (another tab),
 * mounts it again, switches the language and the theme, and forgets the editor's drafts when it closes.
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startConnectedMainProcess({ hosts: 3 });
}, 180_000);
afterAll(async () => main?.stop());

const NEW: EditorInit = { details: null, prefix: 'tis' };

function Harness() {
  const store = useDraftStore();
  const [language, setLanguage] = useState<'en' | 'fr'>('en');
  const [onScreen, setOnScreen] = useState(true);
  const [closed, setClosed] = useState(0);
  const [theme, setTheme] = useState<'light' | 'dark'>('light');
  return (
    <I18nProvider language={language}>
      <ThemeProvider preference={theme}>
        <button type="button" onClick={() => setTheme((v) => (v === 'light' ? 'dark' : 'light'))}>
          theme
        </button>
        <button type="button" onClick={() => setOnScreen((v) => !v)}>
          other tab
        </button>
        <button type="button" onClick={() => setLanguage((l) => (l === 'en' ? 'fr' : 'en'))}>
          language
        </button>
        <span data-testid="closed">{closed}</span>
        {onScreen && (
          <RulesEditor
            init={NEW}
            onClose={() => {
              // What the tab does on close: forget the editor's drafts, show the grid.
              store.delete(EDITOR_DRAFT_KEY);
              setOnScreen(false);
              setClosed((n) => n + 1);
            }}
            onSaved={() => undefined}
          />
        )}
      </ThemeProvider>
    </I18nProvider>
  );
}

const field = (name: string) =>
  document.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;
const forbiddenTab = () =>
  screen.getByRole('tab', { name: /^(Forbidden Windows updates|Mises à jour Windows interdites) \(/ });

describe('rule editor (split) over the real main process', () => {
  it('keeps the edit across an unmount, a language and a theme switch; closing asks, Stay keeps, Leave drops', async () => {
    const { user } = renderInConsole(<Harness />, main);
    const editor = await screen.findByTestId('rules-editor');
    // An untouched New editor has nothing unsaved.
    expect(within(editor).queryByText('Unsaved changes')).toBeNull();

    await user.type(field('rulesGroup'), 'pilot');
    await user.type(field('rulesDescription'), 'Split editor');
    await user.selectOptions(field('rulesDefaultAllow'), 'false');
    expect(screen.getByTestId('rules-name').textContent).toBe('tis-waptwua-pilot');

    // Forbid one product's current updates through the product picker (ids from the catalogue).
    const products = await screen.findByTestId('product-list', {}, { timeout: 60_000 });
    const first = (await within(products).findAllByRole('checkbox', {}, { timeout: 60_000 }))[0]!;
    await user.click(first);
    await user.click(screen.getByRole('button', { name: 'Forbid' }));
    await waitFor(() => expect(forbiddenTab().textContent).toMatch(/\(([1-9]\d*)\)$/), { timeout: 60_000 });
    const forbiddenLabel = forbiddenTab().textContent;
    expect(screen.getByTestId('editor-notice').textContent).toMatch(/of today.s catalogue forbidden/);
    // And a forbidden KB.
    await user.click(forbiddenTab());
    await user.type(field('forbiddenKb'), 'kb5034441{Enter}');
    await screen.findByRole('button', { name: /KB5034441/ });
    const count = Number(/\((\d+)\)$/.exec(forbiddenLabel)![1]) + 1;
    await waitFor(() => expect(forbiddenTab().textContent).toBe(`Forbidden Windows updates (${count})`));
    // The local draft is written in main (atomic file), as before the split.
    await screen.findByTestId('draft-saved', {}, { timeout: 30_000 });

    const kept = async (forbiddenName: string) => {
      await waitFor(() => expect(field('rulesGroup').value).toBe('pilot'));
      expect(field('rulesDescription').value).toBe('Split editor');
      expect(field('rulesDefaultAllow').value).toBe('false');
      expect(forbiddenTab().textContent).toBe(`${forbiddenName} (${count})`);
      expect(forbiddenTab().getAttribute('aria-selected')).toBe('true');
      expect(screen.getByRole('button', { name: /KB5034441/ })).toBeTruthy();
    };

    // Another tab and back: the editor mounts again from the draft store.
    await user.click(screen.getByRole('button', { name: 'other tab' }));
    expect(screen.queryByTestId('rules-editor')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'other tab' }));
    await kept('Forbidden Windows updates');
    // The product picked is still ticked.
    const again = await within(screen.getByTestId('product-list')).findAllByRole('checkbox');
    expect((again[0] as HTMLInputElement).checked).toBe(true);

    // French, the dark theme, and back.
    await user.click(screen.getByRole('button', { name: 'language' }));
    await kept('Mises à jour Windows interdites');
    expect(screen.getByText('Modifications non enregistrées')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'theme' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await kept('Mises à jour Windows interdites');
    await user.click(screen.getByRole('button', { name: 'language' }));
    await kept('Forbidden Windows updates');

    // Close with changes: the prompt, Stay keeps everything.
    await user.click(within(screen.getByTestId('rules-editor')).getByRole('button', { name: 'Close' }));
    const prompt = await screen.findByTestId('unsaved-dialog');
    expect(prompt.textContent).toContain('The rule editor has changes that are not saved');
    await user.click(within(prompt).getByRole('button', { name: 'Stay' }));
    await waitFor(() => expect(screen.queryByTestId('unsaved-dialog')).toBeNull());
    await kept('Forbidden Windows updates');
    expect(screen.getByTestId('closed').textContent).toBe('0');

    // Leave: closed, and the local draft deleted in main.
    await user.click(within(screen.getByTestId('rules-editor')).getByRole('button', { name: 'Close' }));
    await user.click(
      within(await screen.findByTestId('unsaved-dialog')).getByRole('button', {
        name: 'Leave and lose the changes',
      }),
    );
    await waitFor(() => expect(screen.getByTestId('closed').textContent).toBe('1'));
    expect(main.invoked).toContain('wuaRules.deleteDraft');
    const drafts = await main.call('wuaRules.listDrafts', {});
    expect(drafts.filter((d) => d.draft.package === 'tis-waptwua-pilot')).toEqual([]);

    // Opened again: a fresh, clean editor that closes without asking.
    await user.click(screen.getByRole('button', { name: 'other tab' }));
    await screen.findByTestId('rules-editor');
    expect(field('rulesGroup').value).toBe('');
    expect(field('rulesDescription').value).toBe('');
    await user.click(within(screen.getByTestId('rules-editor')).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.getByTestId('closed').textContent).toBe('2'));
    expect(screen.queryByTestId('unsaved-dialog')).toBeNull();
  }, 180_000);
});
