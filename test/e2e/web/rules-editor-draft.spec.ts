import type { Page } from '@playwright/test';
import { WuaRulesPage } from '../pages/wua-rules-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

/**
 * Issue 15 for the rule editor: what was typed and loaded in it stays while the console runs
 * (tab switch, language, theme: renderer/src/forms/draft-store.tsx), and closing it with unsaved
 * changes asks first. Every wait is on what the console shows.
 */

const KB = 'KB5034441';

/** Opens a new rule package in the editor and types its group and description. */
async function newPackage(page: Page, group: string, description: string): Promise<WuaRulesPage> {
  const rules = new WuaRulesPage(page);
  await rules.tab.click();
  await rules.newButton.click();
  await expect(rules.editor).toBeVisible();
  await rules.editorField('rulesGroup').fill(group);
  await rules.editorField('rulesDescription').fill(description);
  await expect(rules.editorName).toHaveText(new RegExp(`-waptwua-${group}$`));
  return rules;
}

test.describe('rule editor drafts', () => {
  test('keeps the draft across Ctrl+1 and back, EN → FR → EN and a theme switch', async ({
    page,
    consoleApp,
  }) => {
    test.slow(); // a catalogue load and several re-renders on a possibly saturated machine
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const rules = await newPackage(page, 'draftkeep', 'Kept across switches');
    await rules.editorField('rulesMaturity').selectOption('PREPROD');
    await rules.editorField('rulesDefaultAllow').selectOption('false');

    // Load the catalogue and forbid one update by its id.
    await rules.loadUpdates.click();
    await expect(rules.editorNotice).toContainText('updates loaded');
    const updateId = await rules.candidates.locator('.ag-row').first().getAttribute('row-id');
    expect(updateId, 'a candidate update').toBeTruthy();
    await rules.candidateFilter.fill(updateId!);
    await expect(rules.candidates.locator('.ag-row')).toHaveCount(1);
    await rules.candidateCheckbox(updateId!).check();
    await rules.forbidSelected.click();
    await expect(rules.candidateStatus(updateId!)).toHaveText('Forbidden · Forbidden update id');
    const loadedLabel = (await rules.editorTab(/^Updates \(\d+\)$/).textContent()) ?? '';
    const loaded = /\((\d+)\)$/.exec(loadedLabel)?.[1];
    expect(Number(loaded), 'candidates loaded').toBeGreaterThan(0);

    // And a forbidden KB, typed in the Forbidden tab (which stays the active tab).
    await rules.editorTab(/^Forbidden Windows updates/).click();
    await rules.editorField('forbiddenKb').fill(KB.toLowerCase());
    await rules.editorField('forbiddenKb').press('Enter');
    await expect(rules.forbiddenTabPanel.getByRole('listitem').filter({ hasText: KB })).toBeVisible();
    await expect(rules.editorTab(/^Forbidden Windows updates/)).toHaveText('Forbidden Windows updates (2)');

    /** Everything typed, picked and loaded is still there. */
    const expectKept = async (forbiddenTab: RegExp, updatesLabel: string) => {
      await expect(rules.editor).toBeVisible();
      await expect(rules.editorField('rulesGroup')).toHaveValue('draftkeep');
      await expect(rules.editorField('rulesDescription')).toHaveValue('Kept across switches');
      await expect(rules.editorField('rulesMaturity')).toHaveValue('PREPROD');
      await expect(rules.editorField('rulesDefaultAllow')).toHaveValue('false');
      await expect(rules.editorName).toHaveText(/-waptwua-draftkeep$/);
      // The Forbidden tab is still the one shown, with its id and its KB.
      await expect(rules.editorTab(forbiddenTab)).toHaveAttribute('aria-selected', 'true');
      await expect(rules.editorTab(forbiddenTab)).toHaveText(/\(2\)$/);
      await expect(rules.forbiddenTabPanel.getByRole('listitem').filter({ hasText: KB })).toBeVisible();
      await expect(rules.forbiddenTabPanel.locator(`.ag-row[row-id="${updateId}"]`)).toBeVisible();
      // The loaded candidates too (same count).
      await expect(rules.editorTab(new RegExp(`^${updatesLabel} \\(`))).toHaveText(
        `${updatesLabel} (${loaded})`,
      );
    };

    // 1. French: the same draft, and the notice shown before follows the language (a catalogue
    // key translated when shown, not a sentence frozen in English).
    await page.locator('select[name="language"]').selectOption('fr');
    await expect(page.getByRole('tab', { name: 'Paquets de règles WUA' })).toBeVisible();
    await expectKept(/^Mises à jour Windows interdites/, 'Mises à jour');
    await expect(rules.editor).toContainText('Modifications non enregistrées');
    await expect(rules.editorNotice).toContainText('chargées depuis le catalogue du serveur');

    // 2. Dark theme (in French), then English again.
    await page.locator('select[name="theme"]').selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expectKept(/^Mises à jour Windows interdites/, 'Mises à jour');
    await page.locator('select[name="language"]').selectOption('en');
    await expect(rules.tab).toBeVisible();
    await expectKept(/^Forbidden Windows updates/, 'Updates');
    await expect(rules.editor).toContainText('Unsaved changes');
    await expect(rules.editorNotice).toContainText('updates loaded');

    // 3. Another tab (Ctrl+1), then back to the WUA rule packages (Ctrl+3): the editor mounts
    // again from the draft store.
    await page.keyboard.press('Control+1');
    await expect(rules.editor).toBeHidden();
    await page.keyboard.press('Control+3');
    await expectKept(/^Forbidden Windows updates/, 'Updates');
    await expect(rules.editor).toContainText('Unsaved changes');
    // The candidate filter and the candidate's state under the draft are kept as well.
    await rules.editorTab(/^Updates/).click();
    await expect(rules.candidateFilter).toHaveValue(updateId!);
    await expect(rules.candidateStatus(updateId!)).toHaveText('Forbidden · Forbidden update id');
  });

  test('closing with unsaved changes asks first: Stay keeps the draft, Leave drops it', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const rules = await newPackage(page, 'closeguard', 'Asked before closing');
    // The local draft is written (main side) before closing, so Leave has something to delete.
    await expect(rules.draftSaved).toBeVisible();

    // Escape = Stay (the default): the editor and its input stay.
    await rules.closeEditor.click();
    await expect(rules.unsavedDialog).toBeVisible();
    await expect(rules.unsavedDialog).toContainText('The rule editor has changes that are not saved');
    await expect(rules.unsavedDialog.getByRole('button', { name: 'Stay' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(rules.unsavedDialog).toBeHidden();
    await expect(rules.editorField('rulesDescription')).toHaveValue('Asked before closing');

    // The Stay button: same, and the draft is still kept across a tab switch afterwards.
    await rules.closeEditor.click();
    await rules.unsavedDialog.getByRole('button', { name: 'Stay' }).click();
    await expect(rules.unsavedDialog).toBeHidden();
    await page.keyboard.press('Control+1');
    await expect(rules.editor).toBeHidden();
    await page.keyboard.press('Control+3');
    await expect(rules.editorField('rulesGroup')).toHaveValue('closeguard');
    await expect(rules.editorField('rulesDescription')).toHaveValue('Asked before closing');
    // The remounted editor writes its local draft again; wait for it, so Leave deletes the last copy.
    await expect(rules.draftSaved).toBeVisible();

    // Leave: the editor closes and its draft is gone, in memory and on disk.
    await rules.closeEditor.click();
    await rules.unsavedDialog.getByRole('button', { name: 'Leave and lose the changes' }).click();
    await expect(rules.editor).toBeHidden();
    await expect(rules.grid).toBeVisible();
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const bridge = (
            window as unknown as {
              consoleBridge: {
                invoke(m: string, i: unknown): Promise<{ value: { draft: { package: string } }[] }>;
              };
            }
          ).consoleBridge;
          const drafts = (await bridge.invoke('wuaRules.listDrafts', {})).value;
          return drafts.filter((d) => d.draft.package.endsWith('-waptwua-closeguard')).length;
        }),
      )
      .toBe(0);
    await rules.newButton.click();
    await expect(rules.editorField('rulesGroup')).toHaveValue('');
    await expect(rules.editorField('rulesDescription')).toHaveValue('');
    // A clean editor closes without asking.
    await rules.closeEditor.click();
    await expect(rules.editor).toBeHidden();
    await expect(rules.unsavedDialog).toBeHidden();
  });
});
