import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.WAPT_CONSOLE_BROWSER && existsSync(env.WAPT_CONSOLE_BROWSER)) return env.WAPT_CONSOLE_BROWSER;
  return CANDIDATES.find((c) => existsSync(c));
}

/**
 * Opens the console in a Chromium "app" window (no tabs or address bar) with a throw-away profile.
 * Only where a display exists; headless admin hosts just use the printed URL.
 */
export function openInChromium(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const exe = findChromium(env);
  if (!exe || (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)) return false;
  const profile = mkdtempSync(path.join(os.tmpdir(), 'wapt-console-browser-'));
  const child = spawn(
    exe,
    [
      `--app=${url}`,
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
      '--disable-component-update',
    ],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  child.on('error', () => undefined);
  child.unref();
  return true;
}
