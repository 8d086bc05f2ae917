import { ConsoleError } from '../../../common/errors';

export interface SafeUrlPolicy {
  /** Hosts for which plain http: is acceptable (the configured WAPT server when it is http). */
  httpHosts?: readonly string[];
  /** When set, only these hosts are accepted at all. */
  pinnedHosts?: readonly string[];
}

/**
 * The only URLs the console hands to the operating system: https (http only for a configured
 * host), no credentials, no odd schemes (file:, smb:, javascript:, ms-msdt:, …). Returns the
 * normalised URL or throws.
 */
export function checkExternalUrl(raw: string, policy: SafeUrlPolicy = {}): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConsoleError('VALIDATION', 'not a valid URL', { details: { reason: 'MALFORMED_URL' } });
  }
  const host = u.hostname.toLowerCase();
  const httpOk =
    u.protocol === 'http:' && (policy.httpHosts ?? []).map((h) => h.toLowerCase()).includes(host);
  if (u.protocol !== 'https:' && !httpOk)
    throw new ConsoleError('FORBIDDEN', `refusing to open a ${u.protocol} link`, {
      details: { reason: 'SCHEME' },
    });
  if (u.username !== '' || u.password !== '')
    throw new ConsoleError('FORBIDDEN', 'refusing a link with embedded credentials', {
      details: { reason: 'CREDENTIALS' },
    });
  if (host === '')
    throw new ConsoleError('FORBIDDEN', 'refusing a link without a host', { details: { reason: 'NO_HOST' } });
  if (policy.pinnedHosts && !policy.pinnedHosts.map((h) => h.toLowerCase()).includes(host)) {
    throw new ConsoleError('FORBIDDEN', `refusing a link to ${host}`, {
      details: { reason: 'HOST_NOT_ALLOWED', host },
    });
  }
  return u.href;
}
