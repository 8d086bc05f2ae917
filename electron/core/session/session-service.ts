import { ConsoleError } from '../../../common/errors';
import type { SessionStatus } from '../../../common/ipc/contract';
import { WaptClient, type WaptClientOptions } from '../api/wapt-client';
import type { Logger } from '../ports';
import { deriveCapabilities } from './capabilities';

const DISCONNECTED: SessionStatus = {
  connected: false,
  serverUrl: null,
  user: null,
  serverVersion: null,
  edition: null,
  hostsCount: null,
  insecure: false,
  expired: false,
  capabilities: null,
};

/** The one live connection to a WAPT server. Credentials stay here, in main; the renderer sees SessionStatus only. */
export class SessionService {
  private client: WaptClient | undefined;
  private status: SessionStatus = DISCONNECTED;

  constructor(private readonly log: Logger) {}

  current(): SessionStatus {
    return this.status;
  }

  /** The connected client, for other services (hosts, updates…); undefined when disconnected. */
  requireClient(): WaptClient | undefined {
    return this.client;
  }

  /** The connected client, or a clear UNAUTHENTICATED error that sends the user back to the login screen. */
  connectedClient(): WaptClient {
    if (!this.client)
      throw new ConsoleError('UNAUTHENTICATED', 'not connected to a WAPT server', {
        details: { reason: 'NOT_CONNECTED' },
      });
    return this.client;
  }

  async connect(opts: WaptClientOptions): Promise<SessionStatus> {
    // A 401 in the middle of a session (password changed, account removed) ends it: the renderer
    // shows the login screen again, pre-filled with this server and user.
    const client = new WaptClient({
      ...opts,
      onUnauthenticated: () => {
        if (this.client !== client) return;
        this.client = undefined;
        this.status = { ...this.status, connected: false, expired: true };
        this.log.warn('session.expired', { serverUrl: client.baseUrl });
      },
    });
    const ping = await client.ping();
    const login = await client.login();
    if (this.client) await this.client.logout();
    this.client = client;
    this.status = {
      connected: true,
      serverUrl: client.baseUrl,
      user: login.auth_result?.user ?? opts.user,
      serverVersion: login.version ?? ping.version,
      edition: login.edition ?? ping.edition ?? null,
      hostsCount: login.hosts_count ?? null,
      insecure: client.insecure,
      expired: false,
      capabilities: deriveCapabilities(ping, login),
    };
    this.log.info('session.connected', {
      serverUrl: client.baseUrl,
      user: this.status.user,
      serverVersion: this.status.serverVersion,
      edition: this.status.edition,
      hostsCount: this.status.hostsCount,
      // What the console detected it can use on this server (docs/server-capabilities.md).
      capabilities: this.status.capabilities,
    });
    return this.status;
  }

  async disconnect(): Promise<SessionStatus> {
    if (this.client) await this.client.logout();
    this.client = undefined;
    this.status = DISCONNECTED;
    return this.status;
  }
}
