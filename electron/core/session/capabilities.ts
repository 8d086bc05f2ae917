import { ReferenceExtension, type ServerCapabilities } from '../../../common/ipc/server-capabilities';

/**
 * Derives what a server offers from its `/ping` and login answers (docs/server-capabilities.md).
 * A genuine WAPT 1.8.2 server sends no `reference_extensions`, so every extension is off; only the
 * project's reference server lists them, and only in its default (non-strict) profile.
 */
export function deriveCapabilities(
  ping: { edition?: string | null; [k: string]: unknown },
  login: { edition?: string | null },
): ServerCapabilities {
  const raw = (login.edition ?? ping.edition ?? '').toString().toLowerCase();
  const edition = raw === 'community' || raw === 'enterprise' ? raw : 'unknown';
  const advertised = Array.isArray(ping.reference_extensions) ? ping.reference_extensions : [];
  const extensions = advertised.flatMap((e) => {
    const parsed = ReferenceExtension.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    edition,
    extensions,
    hostsPaging: extensions.includes('hosts_paging'),
    // An unknown edition (an older or patched server) is treated as one without WUA routes; the
    // console then says so rather than showing route errors.
    wua: edition === 'enterprise',
    wuaHostCounts: edition === 'enterprise' && extensions.includes('wua_host_counts'),
    actionResults: extensions.includes('action_results'),
  };
}
