import os from 'node:os';
import path from 'node:path';

/** WAPT_CONSOLE_USER_DATA wins (tests, portable installs); otherwise the platform's config directory. */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WAPT_CONSOLE_USER_DATA) return path.resolve(env.WAPT_CONSOLE_USER_DATA);
  if (process.platform === 'win32')
    return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'wapt-console');
  if (process.platform === 'darwin')
    return path.join(os.homedir(), 'Library', 'Application Support', 'wapt-console');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'wapt-console');
}
