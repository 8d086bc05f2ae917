import type { Page } from '@playwright/test';

/** Locators for the login screen and the preferences bar (shared by all specs). */
export class LoginPage {
  constructor(private readonly page: Page) {}
  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get serverUrl() {
    return this.page.locator('input[name="serverUrl"]');
  }
  get user() {
    return this.page.locator('input[name="user"]');
  }
  get password() {
    return this.page.locator('input[name="password"]');
  }
  get connectButton() {
    return this.page.locator('form button[type="submit"]');
  }
  get demoButton() {
    return this.page.locator('button[name="useDemo"]');
  }
  get languageSelect() {
    return this.page.locator('select[name="language"]');
  }
  get themeSelect() {
    return this.page.locator('select[name="theme"]');
  }
  get errorBanner() {
    return this.page.getByRole('alert');
  }
}
