import type { Page } from '@playwright/test';
import { LoginPage } from '../pages/login-page';
import { HostsPage } from '../pages/hosts-page';
import { expect } from './fixtures';
import { SERVER_START_WAIT } from './waits';

/** Log in to the embedded demo server from the login screen and wait for the first host drawn with its data. */
export async function loginToDemo(page: Page): Promise<HostsPage> {
  const login = new LoginPage(page);
  await login.demoButton.click();
  const hosts = new HostsPage(page);
  await expect(hosts.row(0)).toBeVisible({ timeout: SERVER_START_WAIT });
  // A server-paged grid first draws a placeholder row while its first block loads: wait for data.
  await expect(hosts.cell(0, 'computer_fqdn')).toHaveText(/\S/);
  return hosts;
}
