import type { Page } from '@playwright/test';
import { LoginPage } from '../pages/login-page';
import { HostsPage } from '../pages/hosts-page';
import { expect } from './fixtures';

/** Log in to the embedded demo server from the login screen and wait for the first hosts row. */
export async function loginToDemo(page: Page): Promise<HostsPage> {
  const login = new LoginPage(page);
  await login.demoButton.click();
  const hosts = new HostsPage(page);
  await expect(hosts.row(0)).toBeVisible({ timeout: 60_000 });
  return hosts;
}
