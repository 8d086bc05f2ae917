import { ConsoleError } from '../../../common/errors';
import type { SessionStatus } from '../../../common/ipc/contract';
import { WaptClient, type WaptClientOptions } from '../api/wapt-client';
import type { Logger } from '../ports';

const DISCONNECTED: SessionStatus = { connected: false, serverUrl: null, user: null, serverVersion: null, insecure: false };

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
    if (!this.client) throw new ConsoleError('UNAUTHENTICATED', 'not connected to a WAPT server', { details: { reason: 'NOT_CONNECTED' } });
    return this.client;
  }

  async connect(opts: WaptClientOptions): Promise<SessionStatus> {
    const client = new WaptClient(opts);
    const ping = await client.ping();
    const login = await client.login();
    if (this.client) await this.client.logout();
    this.client = client;
    this.status = {
      connected: true,
      serverUrl: client.baseUrl,
      user: login.auth_result?.user ?? opts.user,
      serverVersion: login.version ?? ping.version,
      insecure: client.insecure,
    };
    this.log.info('session.connected', { serverUrl: client.baseUrl, user: this.status.user, serverVersion: this.status.serverVersion });
    return this.status;
  }

  async disconnect(): Promise<SessionStatus> {
    if (this.client) await this.client.logout();
    this.client = undefined;
    this.status = DISCONNECTED;
    return this.status;
  }
}
