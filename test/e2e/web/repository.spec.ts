import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { createControl } from '../../../common/domain/control';
import { buildPackageFromFiles } from '../../../wapt/packages/index';
import { createSigner, loadCertificates, loadPrivateKey } from '../../../wapt/signing/index';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

type Bridge = { invoke(m: string, i: unknown): Promise<{ ok: boolean; value: unknown }> };

const grid = (page: Page) => page.getByTestId('repo-grid');
const row = (page: Page, pkg: string) =>
  grid(page)
    .locator('[role="row"][row-index]')
    .filter({ has: page.locator('[col-id="package"]').getByText(pkg, { exact: true }) });

test.describe('repository', () => {
  test('lists the private repository, uploads (refusing an invalid package), shows the signature check, downloads and deletes', async ({
    page,
    consoleApp,
  }, testInfo) => {
    // Several long steps (agents, uploads, builds): the configured timeout, tripled.
    test.slow();
    const work = mkdtempSync(path.join(os.tmpdir(), 'e2e-repo-'));
    try {
      await openConsole(page, consoleApp);
      await loginToDemo(page);
      // The demo server configures its own signer as the administrator's key: sign a package with it.
      const key = (await page.evaluate(async () => {
        const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
        return (await bridge.invoke('keys.status', {})).value;
      })) as { keyPath: string; certificatePath: string };
      const signer = createSigner({
        key: loadPrivateKey(readFileSync(key.keyPath)),
        certificateChain: loadCertificates(readFileSync(key.certificatePath)),
      });
      const good = await buildPackageFromFiles({
        signer,
        control: createControl({
          package: 'e2e-hello',
          version: '1',
          description: 'Uploaded by the E2E test',
        }),
        files: [{ path: 'readme.txt', content: 'hello' }],
        outDir: work,
      });
      const bad = path.join(work, 'tampered.wapt');
      copyFileSync(good.path, bad);
      writeFileSync(path.join(work, 'extra.txt'), 'added after signing');
      execFileSync('zip', ['-q', bad, 'extra.txt'], { cwd: work });

      await page.getByRole('tab', { name: 'Private repository' }).click();
      await expect(page.getByTestId('repository-tab')).toBeVisible();
      // The grid visibly shows rows: real boxes with a size, inside the grid's own box.
      await expect(row(page, 'demo-7zip')).toBeVisible();
      const gridBox = (await grid(page).boundingBox())!;
      const rows = grid(page).locator('[role="row"][row-index]');
      await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(5);
      for (let i = 0; i < 3; i++) {
        const b = (await rows.nth(i).boundingBox())!;
        expect(b.width).toBeGreaterThan(200);
        expect(b.height).toBeGreaterThan(10);
        expect(b.y).toBeGreaterThanOrEqual(gridBox.y);
        expect(b.y + b.height).toBeLessThanOrEqual(gridBox.y + gridBox.height + 1);
      }
      await expect(row(page, 'demo-7zip').locator('[col-id="section"]')).toHaveText('base');
      await expect(row(page, 'demo-group-workstations').locator('[col-id="section"]')).toHaveText('group');
      // Last version only: one 7-Zip row; unticked, both versions.
      await expect(row(page, 'demo-7zip')).toHaveCount(1);
      await page.getByRole('checkbox', { name: 'Last version only' }).uncheck();
      await expect(row(page, 'demo-7zip')).toHaveCount(2);
      await page.getByRole('checkbox', { name: 'Last version only' }).check();
      await testInfo.attach('repository', { body: await page.screenshot(), contentType: 'image/png' });

      // Upload: the tampered file is refused before anything is sent; the good one goes up.
      await page.getByTestId('repo-upload').click();
      const dialog = page.getByTestId('repo-upload-dialog');
      await dialog.getByRole('textbox').fill(bad);
      await dialog.getByRole('button', { name: 'Verify and upload' }).click();
      await expect(dialog.getByRole('alert')).toContainText('refusing to upload tampered.wapt');
      await dialog.getByRole('textbox').fill(good.path);
      await dialog.getByRole('button', { name: 'Verify and upload' }).click();
      await expect(page.getByTestId('repo-notice')).toHaveText(
        'e2e-hello 1 uploaded (signed by WAPT reference server demo).',
      );
      await expect(row(page, 'e2e-hello')).toBeVisible();

      // Details (double-click): the signature check as an agent does it.
      await row(page, 'e2e-hello').locator('[col-id="package"]').dblclick();
      const details = page.getByTestId('package-details');
      await expect(details.getByTestId('signature-state')).toHaveText('Signature valid, signer trusted');
      await expect(details.getByTestId('signature-check')).toHaveAttribute('data-state', 'trusted');
      await expect(details.getByTestId('signature-signer')).toHaveText('WAPT reference server demo');
      await expect(details.getByTestId('signature-fingerprint')).toHaveText(signer.keyId);
      await expect(details.getByTestId('signature-trusted-by')).toContainText('WAPT reference server demo');
      await expect(details.getByTestId('package-files')).toContainText('readme.txt');
      await testInfo.attach('details', { body: await page.screenshot(), contentType: 'image/png' });
      await page.keyboard.press('Escape');
      await expect(details).toBeHidden();

      // Keyboard: Enter on a focused row opens its details too.
      await row(page, 'demo-firefox').locator('[col-id="package"]').click();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('package-details')).toContainText('demo-firefox');
      await page.keyboard.press('Escape');

      // Download: into a folder typed by the user (browser mode has no native dialog), md5 as indexed.
      await row(page, 'demo-7zip').locator('[col-id="package"]').click();
      await page.getByTestId('repo-download').click();
      const dl = page.getByTestId('repo-download-dialog');
      await dl.getByRole('textbox').fill(work);
      await dl.getByRole('button', { name: 'Download' }).click();
      await expect(page.getByTestId('repo-notice')).toContainText('Saved to');
      const listed = (await page.evaluate(async () => {
        const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
        return (await bridge.invoke('repository.list', { search: 'demo-7zip' })).value;
      })) as { rows: { filename: string; md5sum: string }[] };
      const file = path.join(work, listed.rows[0]!.filename);
      expect(existsSync(file)).toBe(true);
      expect(createHash('md5').update(readFileSync(file)).digest('hex')).toBe(listed.rows[0]!.md5sum);

      // Delete from the context menu, with confirmation.
      await row(page, 'e2e-hello').locator('[col-id="package"]').click({ button: 'right' });
      await page
        .getByTestId('repo-menu')
        .getByRole('menuitem', { name: /Delete/ })
        .click();
      const confirm = page.getByTestId('confirm-dialog');
      await expect(confirm).toContainText('e2e-hello_1_');
      await confirm.getByRole('button', { name: /Delete/ }).click();
      await expect(page.getByTestId('repo-notice')).toHaveText('1 package deleted.');
      await expect(row(page, 'e2e-hello')).toHaveCount(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
