import { LoginPage } from '../pages/login-page';
import { ShellPage } from '../pages/shell-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

test.describe('login', () => {
  test('the first-run choice "use the local demo server" connects and shows server version and user', async ({
    page,
    consoleApp,
    cspViolations,
  }, testInfo) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const shell = new ShellPage(page);
    await expect(shell.sessionInfo).toContainText('admin on http://127.0.0.1:');
    await expect(shell.sessionInfo).toContainText('WAPT 1.8.2');
    await expect(shell.sessionInfo).toContainText('Unencrypted HTTP');
    await testInfo.attach('hosts', { body: await page.screenshot(), contentType: 'image/png' });
    expect(cspViolations).toEqual([]);
  });

  test('a wrong password is refused with a clear message, then the right one connects', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    // Start the demo once to learn its address, then log out and log in by hand.
    await loginToDemo(page);
    const shell = new ShellPage(page);
    const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec((await shell.sessionInfo.textContent()) ?? '')![1]!;
    await page.getByRole('button', { name: 'Disconnect' }).click();
    const login = new LoginPage(page);
    await expect(login.heading).toBeVisible();
    await login.serverUrl.fill(url);
    await login.user.fill('admin');
    await login.password.fill('not-the-password');
    await login.connectButton.click();
    await expect(login.errorBanner).toHaveAttribute('data-error-code', 'UNAUTHENTICATED');
    await expect(login.errorBanner).toContainText('refused the user name or password');
    await expect(login.password).toHaveValue('not-the-password');
  });
});
