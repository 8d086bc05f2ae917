import { ConsoleError } from '../../../common/errors';
import type { ServerCapabilities } from '../../../common/ipc/server-capabilities';
import type { SessionStatus } from '../../../common/ipc/session-status';

/** What a service asks to pick its strategy: the connected server's capabilities. */
export type CapabilitiesSource = () => ServerCapabilities;

/** The capabilities of the session's server; UNAUTHENTICATED when there is none (back to login). */
export function sessionCapabilities(session: { current(): SessionStatus }): CapabilitiesSource {
  return () => {
    const caps = session.current().capabilities;
    if (!caps)
      throw new ConsoleError('UNAUTHENTICATED', 'not connected to a WAPT server', {
        details: { reason: 'NOT_CONNECTED' },
      });
    return caps;
  };
}

/**
 * Windows updates exist only on an Enterprise server (docs/server-capabilities.md): elsewhere
 * every WUA feature is refused up front with NOT_SUPPORTED instead of calling a route that
 * would answer 404.
 */
export function requireWua(caps: ServerCapabilities): void {
  if (!caps.wua)
    throw new ConsoleError(
      'NOT_SUPPORTED',
      `Windows updates are not offered by this server (${caps.edition} edition)`,
      {
        retryable: false,
        details: { reason: 'EDITION', feature: 'wua', edition: caps.edition },
      },
    );
}

/** A server with every reference extension (the reference server's default profile). */
export const REFERENCE_DEFAULT_CAPABILITIES: ServerCapabilities = {
  edition: 'enterprise',
  extensions: ['hosts_paging', 'wua_host_counts', 'action_results'],
  hostsPaging: true,
  wua: true,
  wuaHostCounts: true,
  actionResults: true,
};

/** What a genuine WAPT 1.8.2 server of each edition offers: no extension at all. */
export const GENUINE_CAPABILITIES = (edition: 'community' | 'enterprise'): ServerCapabilities => ({
  edition,
  extensions: [],
  hostsPaging: false,
  wua: edition === 'enterprise',
  wuaHostCounts: false,
  actionResults: false,
});
