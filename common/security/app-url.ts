/** Scheme and host the Electron renderer is served from. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN_URL = `${APP_SCHEME}://${APP_HOST}/`;

/**
 * True only for `app://console/...`. Compares scheme AND host: `URL.origin` is the string "null"
 * for non-special schemes such as `app:`, so an origin comparison would never match (or, worse,
 * match every custom-scheme URL).
 */
export function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
