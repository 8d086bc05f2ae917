import https from 'node:https';
import http from 'node:http';
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { z } from 'zod';
import { ConsoleError } from '../../../common/errors';
import { toApiError } from './api-error';
import { unwrapEnvelopeWithMeta, type EnvelopeMeta } from './envelope';

export interface WaptClientOptions {
  baseUrl: string;
  user: string;
  password: string;
  /** false disables verification (WAPT's verify_cert=0); a PEM string trusts that CA bundle (verify_cert=<path>). */
  verifyTls: boolean;
  caPem?: string;
  timeoutMs?: number;
  /** http:// is refused except on loopback unless the user opted in explicitly. */
  allowInsecureHttp?: boolean;
}

export const PingResult = z
  .object({
    version: z.string(),
    api_root: z.string().optional(),
    api_version: z.string().optional(),
    uuid: z.string().optional(),
    date: z.string().optional(),
    edition: z.string().optional(),
    platform: z.string().optional(),
  })
  .passthrough();
export type PingResult = z.infer<typeof PingResult>;

export const LoginResult = z
  .object({
    auth_result: z.object({ user: z.string(), auth_method: z.string().optional(), auth_date: z.string().optional() }).passthrough().optional(),
    user_acls: z.record(z.string(), z.array(z.string())).optional(),
    server_uuid: z.string().optional(),
    version: z.string().optional(),
    hosts_count: z.number().optional(),
    server_domain: z.string().nullable().optional(),
    edition: z.string().optional(),
  })
  .passthrough();
export type LoginResult = z.infer<typeof LoginResult>;

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The console's HTTP client for a WAPT server. Like the 1.8.2 console it keeps the session cookie
 * and also sends Basic credentials on every request (server-api.md §2.1), so an expired session
 * never surfaces as a spurious 401.
 */
export class WaptClient {
  private readonly http: AxiosInstance;
  private sessionCookie: string | undefined;
  readonly baseUrl: string;
  readonly insecure: boolean;

  constructor(private readonly opts: WaptClientOptions) {
    const url = new URL(opts.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConsoleError('VALIDATION', 'server URL must start with https://');
    this.insecure = url.protocol === 'http:';
    if (this.insecure && !isLoopbackHost(url.hostname) && !opts.allowInsecureHttp) {
      throw new ConsoleError('VALIDATION', `refusing plain http:// to ${url.hostname}: use https://, or allow insecure HTTP explicitly`, { details: { reason: 'INSECURE_HTTP' } });
    }
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.http = axios.create({
      baseURL: this.baseUrl,
      timeout: opts.timeoutMs ?? 30_000,
      headers: { Accept: 'application/json' },
      auth: { username: opts.user, password: opts.password },
      httpsAgent: new https.Agent({ keepAlive: true, rejectUnauthorized: opts.verifyTls, ...(opts.caPem ? { ca: opts.caPem } : {}) }),
      httpAgent: new http.Agent({ keepAlive: true }),
      maxRedirects: 0,
      // Status handling is ours (toApiError); axios must not throw on 4xx/5xx before we look.
      validateStatus: (s) => s >= 200 && s < 300,
    });
  }

  async request<T>(endpoint: string, schema: z.ZodType<T>, config: AxiosRequestConfig = {}): Promise<T> {
    return (await this.requestWithMeta(endpoint, schema, config)).result;
  }

  /**
   * Like `request`, plus the envelope's paging metadata and `asOf`: the server's own clock
   * (HTTP Date header), so grids and exports say "data as of" in server time, not the workstation's.
   */
  async requestWithMeta<T>(endpoint: string, schema: z.ZodType<T>, config: AxiosRequestConfig = {}): Promise<{ result: T; meta: EnvelopeMeta; asOf: string }> {
    try {
      const res = await this.http.request({ url: endpoint, ...config, headers: { ...config.headers, ...(this.sessionCookie ? { Cookie: this.sessionCookie } : {}) } });
      const setCookie = res.headers['set-cookie'];
      const session = setCookie?.map((c) => c.split(';')[0]!).find((c) => c.startsWith('session='));
      if (session) this.sessionCookie = session;
      const date = Date.parse(String(res.headers.date ?? ''));
      return { ...unwrapEnvelopeWithMeta(res.data, schema, endpoint), asOf: new Date(Number.isNaN(date) ? Date.now() : date).toISOString() };
    } catch (err) {
      throw toApiError(err, endpoint);
    }
  }

  ping(): Promise<PingResult> {
    return this.request('/ping', PingResult);
  }

  login(): Promise<LoginResult> {
    return this.request('/api/v3/login', LoginResult, { method: 'POST', data: { user: this.opts.user, password: this.opts.password } });
  }

  async logout(): Promise<void> {
    await this.request('/api/v3/logout', z.unknown(), { method: 'POST' }).catch(() => undefined);
    this.sessionCookie = undefined;
  }
}
