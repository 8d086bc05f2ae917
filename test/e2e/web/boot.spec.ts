import { LoginPage } from '../pages/login-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

test.describe('boot', () => {
  test('boots in browser mode, switches FR/EN, keeps the choice, and runs under the CSP', async ({
    page,
    consoleApp,
    cspViolations,
  }) => {
    const login = new LoginPage(page);
    const response = await page.goto(consoleApp.url);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');

    // The token left the address bar as soon as the bridge took it.
    expect(page.url()).not.toContain('token=');
    expect(
      await page.evaluate(() =>
        Object.keys((window as unknown as { consoleBridge: object }).consoleBridge).sort(),
      ),
    ).toEqual(['invoke', 'on', 'version']);
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
      'undefined',
    );

    await expect(login.heading).toHaveText('Connect to a WAPT server');
    await login.languageSelect.selectOption('fr');
    await expect(login.heading).toHaveText('Se connecter à un serveur WAPT');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

    // The choice is a saved setting: it survives a reload (the bridge token stays in sessionStorage).
    await page.reload();
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
    await expect(login.heading).toHaveText('Se connecter à un serveur WAPT');

    await login.languageSelect.selectOption('en');
    await expect(login.heading).toHaveText('Connect to a WAPT server');
    await login.themeSelect.selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(cspViolations).toEqual([]);
  });

  test('a bad server address gets a clear error, not a crash', async ({ page, consoleApp }) => {
    const login = new LoginPage(page);
    await openConsole(page, consoleApp);
    await login.serverUrl.fill('http://127.0.0.1:9/');
    await login.password.fill('irrelevant');
    await login.connectButton.click();
    await expect(login.errorBanner).toContainText('Cannot reach the server');
    await expect(login.errorBanner).toHaveAttribute('data-error-code', 'NETWORK');
  });

  test('Ctrl+Q stops the local console process (browser mode)', async ({ page, consoleApp }) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    await page.keyboard.press('Control+q');
    expect(await consoleApp.exited).toBe(0);
  });
});
