import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKeyAndCertificate } from '../../../wapt/signing/index';
import { AgentWizardPage } from '../pages/agent-wizard-page';
import { LoginPage } from '../pages/login-page';
import { ShellPage } from '../pages/shell-page';
import { startConsole, type ConsoleInstance } from '../support/browser-mode';
import { expect, test } from '../support/fixtures';
import { SERVER_START_WAIT } from '../support/waits';

const PASSWORD = 'e2e key password';
/** Upper bound for the real agent build on a saturated machine (wine starting ISCC dominates). */
const AGENT_BUILD_WAIT = 300_000;
// The real ISCC under wine when this machine has wine (CI installs it), else the fake compiler.
const hasWine = spawnSync('sh', ['-c', 'command -v wine']).status === 0;

test.describe('agent-wizard', () => {
  let work: string;
  let app: ConsoleInstance;
  let keyPem: string;

  test.beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'agent-wizard-e2e-'));
    const admin = await createKeyAndCertificate({
      commonName: 'e2e-admin',
      codeSigning: true,
      isCA: true,
      password: PASSWORD,
    });
    keyPem = admin.keyPem;
    writeFileSync(path.join(work, 'admin.pem'), admin.keyPem);
    writeFileSync(path.join(work, 'admin.crt'), admin.certificatePem);
    writeFileSync(path.join(work, 'leaky.crt'), admin.certificatePem + admin.keyPem);
    app = await startConsole({
      env: {
        WAPT_CONSOLE_DEMO_SPEED: '400',
        ...(hasWine
          ? { WAPT_CONSOLE_WINEPREFIX: path.join(os.tmpdir(), 'wapt-console-e2e-wine') }
          : { WAPT_CONSOLE_ISCC: path.resolve('test/fakes/fake-iscc.mjs') }),
      },
    });
  });

  test.afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('builds, signs and uploads waptagent.exe from the wizard against the reference server', async ({
    page,
  }) => {
    // Several long steps (agents, uploads, builds): the configured timeout, tripled.
    test.slow();
    const login = new LoginPage(page);
    const shell = new ShellPage(page);
    const wizard = new AgentWizardPage(page);
    await page.goto(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
    await login.demoButton.click();
    await expect(shell.sessionInfo).toBeVisible({ timeout: SERVER_START_WAIT });
    await shell.tab('Build the agent').click();
    await expect(wizard.root).toBeVisible();

    // Certificates: a file holding a private key is refused, the certificate alone is accepted.
    await wizard.certificateFileInput.setInputFiles(path.join(work, 'leaky.crt'));
    await expect(wizard.errorBanner).toContainText('private key');
    await wizard.certificateFileInput.setInputFiles(path.join(work, 'admin.crt'));
    await expect(
      wizard.certificatesGrid.locator('[col-id="cn"]').filter({ hasText: 'e2e-admin' }),
    ).toBeVisible();

    // Server: validation as you type, the preview follows.
    await wizard.step('server').click();
    await expect(wizard.repoUrl).toHaveValue(/\/wapt$/);
    const repo = await wizard.repoUrl.inputValue();
    await wizard.repoUrl.fill('ftp://nope');
    await expect(wizard.issues).toContainText('repoUrl must be an http(s) URL');
    await wizard.repoUrl.fill(repo);
    await expect(wizard.issues).not.toContainText('repoUrl');

    await wizard.step('agent').click();
    await wizard.uuidMode('fqdn').check();
    await wizard.auditPeriod.fill('3 days');
    await expect(wizard.issues).toContainText('auditPeriod');
    await wizard.auditPeriod.fill('1d');
    await wizard.step('wua').click();
    await wizard.wuaMode('enabled').check();
    await expect(wizard.preview).toContainText('use_fqdn_as_uuid=1');
    await expect(wizard.preview).toContainText('waptaudit_task_period=1d');
    await expect(wizard.preview).toContainText('[waptwua]');
    await wizard.previewIssTab.click();
    await expect(wizard.preview).toContainText(`#define repo_url "${repo}"`);
    await wizard.saveButton.click();

    // Build: the key (paths, then its password, sent once), then upload with confirmation.
    await wizard.step('build').click();
    // Signing uses the key the demo server configured (its signer is the one the server trusts
    // for uploads); its key file is read here only to search the outputs for it.
    await expect(wizard.signer).toBeVisible();
    const status = await page.evaluate(() =>
      (
        window as unknown as {
          consoleBridge: {
            invoke(
              m: string,
              i: object,
            ): Promise<{ value: { keyPath: string; certificate: { codeSigning: boolean } | null } }>;
          };
        }
      ).consoleBridge.invoke('keys.status', {}),
    );
    // The build step says beforehand whether waptagent.exe will be Authenticode-signed.
    await expect(wizard.authenticodeNotice).toContainText(
      status.value.certificate?.codeSigning ? 'will be Authenticode-signed' : 'will be unsigned',
    );
    const demoKeyLine = readFileSync(status.value.keyPath, 'utf8').split('\n')[2]!;
    await wizard.keyPassword.fill('');
    await wizard.buildButton.click();
    // The compiler (ISCC under wine, or the fake) and Authenticode signing run for real.
    await expect(wizard.result).toBeVisible({ timeout: AGENT_BUILD_WAIT });
    await expect(wizard.keyPassword).toHaveValue('');
    const sha = await wizard.sha256.inputValue();
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    // The log says which installer script was compiled (the demo base directory: the bundled template).
    await expect(wizard.buildLog).toContainText("Installer script: the console's bundled template");
    await wizard.uploadButton.click();
    await expect(wizard.uploadConfirm).toContainText('waptagent.exe');
    await wizard.uploadYes.click();
    await expect(wizard.uploaded).toContainText(
      "Don't forget to change the hash of waptagent.exe in your GPO".replace("'", '’'),
    );
    await expect(wizard.uploaded).toContainText(sha);

    // Browser mode has no system file dialog: the tool paths cannot be chosen from the page.
    await wizard.toolsButton.click();
    await expect(wizard.toolsChoose('iscc')).toBeDisabled();
    await expect(wizard.toolsDialog).toContainText('WAPT_CONSOLE_ISCC');
    await page.keyboard.press('Escape');

    // No private key material reached the page, the saved config or the console's log.
    const bodyText = await page.locator('body').innerText();
    const keyLine = keyPem.split('\n')[2]!;
    for (const haystack of [
      bodyText,
      app.output(),
      readFileSync(path.join(app.userDataDir, 'agent-build', 'config.json'), 'utf8'),
    ]) {
      expect(haystack).not.toContain('PRIVATE KEY');
      expect(haystack).not.toContain(keyLine);
      expect(haystack).not.toContain(demoKeyLine);
      expect(haystack).not.toContain(PASSWORD);
    }
  });
});
