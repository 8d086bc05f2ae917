import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/reference-server';
import { uploadUntrustedPackage } from '../../support/untrusted-package';
import { AgentWizardPage } from '../pages/agent-wizard-page';
import { KeysPage } from '../pages/keys-page';
import { WuaRulesPage } from '../pages/wua-rules-page';
import { expect, openConsole, test } from '../support/fixtures';
import { loginToServer } from '../support/server-profiles';

const PASSWORD = 'Str0ng-e2e-passphrase!';
const openssl = (args: string[]) =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Issue #15 point 5: a key and certificate made from the dialog (the password typed twice, the
 * key written by main and checked here by openssl), used as the signing key (unlocked, offered in
 * the agent wizard's key step), and the signature status column of the package grids: a package
 * of the server's trusted signer and one signed by a stranger, with the chain in the details.
 */
test.describe('keys and signature status', () => {
  test('creates a key and certificate, uses it, and shows each package’s signature status', async ({
    page,
    consoleApp,
  }, testInfo) => {
    test.setTimeout(180_000);
    const work = mkdtempSync(path.join(os.tmpdir(), 'e2e-keys-'));
    const server = await startTestServer({ hosts: 8, speed: 400 });
    try {
      // A valid package whose signer nobody trusts, put on the server through its own API.
      await uploadUntrustedPackage({
        serverUrl: server.url,
        adminPassword: TEST_ADMIN_PASSWORD,
        outDir: work,
        packageName: 'e2e-stranger',
      });
      await openConsole(page, consoleApp);
      await loginToServer(page, server.url);
      const keys = new KeysPage(page);

      // The dialog: a mismatch is shown and blocks creation; a matching pair creates the files.
      await keys.createButton.click();
      await expect(keys.createDialog).toBeVisible();
      await keys.field('keyName').fill('e2e-admin');
      await keys.field('keyFolder').fill(path.join(work, 'keys'));
      await keys.field('newKeyPassword').fill('short');
      await expect(keys.strength).toHaveAttribute('data-strength', 'tooShort');
      await keys.field('newKeyPassword').fill(PASSWORD);
      await expect(keys.strength).toHaveAttribute('data-strength', 'strong');
      await keys.field('newKeyPasswordAgain').fill(`${PASSWORD}x`);
      await expect(keys.mismatch).toHaveText('The two passwords differ.');
      await expect(keys.submit).toBeDisabled();
      await keys.field('newKeyPasswordAgain').fill(PASSWORD);
      await expect(keys.mismatch).toHaveCount(0);
      await keys.field('commonName').fill('E2E Administrator');
      await keys.field('keyBits').selectOption('2048');
      await keys.field('exportP12').check();
      await keys.field('useAsAdminKey').check();
      await testInfo.attach('create-key-dialog', { body: await page.screenshot(), contentType: 'image/png' });
      await keys.submit.click();
      await expect(keys.result).toBeVisible({ timeout: 60_000 });
      const keyPath = path.join(work, 'keys', 'e2e-admin.pem');
      await expect(keys.resultValue('key-path')).toHaveText(keyPath);
      await expect(keys.resultValue('certificate-path')).toHaveText(path.join(work, 'keys', 'e2e-admin.crt'));
      await expect(keys.resultValue('p12-path')).toHaveText(path.join(work, 'keys', 'e2e-admin.p12'));
      // What main wrote, checked by openssl: encrypted key, code-signing CA certificate, .p12.
      expect(openssl(['pkey', '-in', keyPath, '-passin', `pass:${PASSWORD}`, '-check', '-noout'])).toContain(
        'Key is valid',
      );
      const certText = openssl(['x509', '-in', path.join(work, 'keys', 'e2e-admin.crt'), '-noout', '-text']);
      expect(certText).toMatch(/CN\s*=\s*E2E Administrator/);
      expect(certText).toMatch(/Extended Key Usage: critical\s+Code Signing/);
      expect(certText).toMatch(/CA:TRUE/);
      openssl([
        'pkcs12',
        '-info',
        '-in',
        path.join(work, 'keys', 'e2e-admin.p12'),
        '-passin',
        `pass:${PASSWORD}`,
        '-noout',
      ]);
      // The page never held the key: its text shows paths and a fingerprint only.
      expect(await page.content()).not.toContain('PRIVATE KEY');
      await keys.result.getByRole('button', { name: 'Close' }).click();

      // Used: it is the signing key now; it unlocks with its password.
      await keys.unlockButton.click();
      await expect(keys.unlockDialog).toContainText('E2E Administrator');
      await keys.unlockDialog.locator('input[name="keyPassword"]').fill(PASSWORD);
      await keys.unlockDialog.getByRole('button', { name: 'Unlock' }).click();
      await expect(keys.badge).toHaveAttribute('data-unlocked', 'true');
      await expect(keys.badge).toContainText('E2E Administrator');

      // Offered in the agent wizard's key step.
      const agent = new AgentWizardPage(page);
      await page.getByRole('tab', { name: 'Build the agent' }).click();
      await agent.step('build').click();
      await expect(page.getByTestId('agent-signer')).toContainText('E2E Administrator');
      await expect(page.getByTestId('agent-key-create')).toBeVisible();

      // Repository: the server's signer is trusted, the stranger is not; the details show the chain.
      await page.getByRole('tab', { name: 'Private repository' }).click();
      await expect(keys.signatureCell('repo-grid', 'demo-7zip')).toHaveText('Valid, trusted', {
        timeout: 60_000,
      });
      await expect(keys.signatureCell('repo-grid', 'e2e-stranger')).toHaveText('Valid, not trusted');
      await expect(keys.signatureCell('repo-grid', 'e2e-stranger')).toHaveClass(/cell-warn/);
      await testInfo.attach('repository-signatures', {
        body: await page.screenshot(),
        contentType: 'image/png',
      });
      await keys.signatureCell('repo-grid', 'e2e-stranger').dblclick();
      const details = page.getByTestId('package-details');
      await expect(details.getByTestId('signature-state')).toHaveText(
        'Signature valid, but the signer is not trusted: agents will refuse this package',
      );
      await expect(details.getByTestId('signature-chain')).toHaveText('Stranger signer');
      await page.keyboard.press('Escape');
      await expect(details).toHaveCount(0);
      await keys.signatureCell('repo-grid', 'demo-7zip').dblclick();
      await expect(details.getByTestId('signature-chain')).toContainText('(trusted certificate)');
      await page.keyboard.press('Escape');

      // WUA rule packages: the same column.
      const rules = new WuaRulesPage(page);
      await rules.tab.click();
      await expect(keys.signatureCell('rules-grid', 'demo-waptwua-pilot')).toHaveText('Valid, trusted', {
        timeout: 60_000,
      });
    } finally {
      await server.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
