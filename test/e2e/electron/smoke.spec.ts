import { _electron as electron, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findElectronBinary } from '../../../scripts/electron-binary.mjs';

/**
 * Electron smoke tests (STYLE.md layer 6): the packaged security settings as the real binary
 * applies them. They run wherever the Electron binary is installed and skip elsewhere (this
 * project's CI cannot download it; the same checks have unit coverage with a fake `electron`).
 */
const root = path.resolve(import.meta.dirname, '..', '..', '..');

const binary = findElectronBinary();
const hasDisplay =
  process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

test.describe('electron smoke', () => {
  test.skip(binary === undefined || !hasDisplay, 'the Electron binary (and a display) are needed');

  test('boots on app://console with a sandboxed, isolated window exposing only consoleBridge; navigation and new windows are refused', async () => {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    const userData = mkdtempSync(path.join(os.tmpdir(), 'wapt-electron-smoke-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [root],
      env: { ...process.env, WAPT_CONSOLE_USER_DATA: userData },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
      expect(page.url()).toMatch(/^app:\/\/console\//);
      const prefs = await app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows().map((w) =>
          (
            w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null }
          ).getLastWebPreferences(),
        ),
      );
      expect(prefs[0]).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
      });
      expect(
        await page.evaluate(() =>
          Object.keys((window as unknown as { consoleBridge: object }).consoleBridge).sort(),
        ),
      ).toEqual(['invoke', 'on', 'version']);
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
        'undefined',
      );

      const before = page.url();
      await page.evaluate(() => {
        location.href = 'https://example.org/';
      });
      await expect.poll(() => page.url()).toBe(before);
      await page.evaluate(() => void window.open('app://console/'));
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
