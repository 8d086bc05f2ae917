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
  /** Called when the server answers 401 to anything but the login itself. */
  onUnauthenticated?: () => void;
}

export const PingResult = z
  .object({
    version: z.string(),
    api_root: z.string().optional(),
    api_version: z.string().optional(),
    uuid: z.string().optional(),
    date: z.string().optional(),
    edition: z.string().nullable().optional(),
    platform: z.string().nullable().optional(),
  })
  .passthrough();
export type PingResult = z.infer<typeof PingResult>;

export const LoginResult = z
  .object({
    auth_result: z
      .object({ user: z.string(), auth_method: z.string().optional(), auth_date: z.string().optional() })
      .passthrough()
      .optional(),
    // A genuine 1.8.2 server may send `user_acls: null` and `hosts_count: null` (docs/server-capabilities.md).
    user_acls: z.record(z.string(), z.array(z.string()).nullable()).nullable().optional(),
    server_uuid: z.string().nullable().optional(),
    version: z.string().nullable().optional(),
    hosts_count: z.number().nullable().optional(),
    server_domain: z.string().nullable().optional(),
    edition: z.string().nullable().optional(),
  })
  .passthrough();
export type LoginResult = z.infer<typeof LoginResult>;

export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/**
 * The console's HTTP client for a WAPT server. Like the 1.8.2 console it keeps the session cookie
 * and also sends Basic credentials on every request (docs/wapt-server-api.md §2.1), so an expired session
 * never surfaces as a spurious 401.
 */
export class WaptClient {
  private readonly http: AxiosInstance;
  private sessionCookie: string | undefined;
  readonly baseUrl: string;
  readonly insecure: boolean;

  constructor(private readonly opts: WaptClientOptions) {
    const url = new URL(opts.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new ConsoleError('VALIDATION', 'server URL must start with https://');
    this.insecure = url.protocol === 'http:';
    if (this.insecure && !isLoopbackHost(url.hostname) && !opts.allowInsecureHttp) {
      throw new ConsoleError(
        'VALIDATION',
        `refusing plain http:// to ${url.hostname}: use https://, or allow insecure HTTP explicitly`,
        { details: { reason: 'INSECURE_HTTP' } },
      );
    }
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.http = axios.create({
      baseURL: this.baseUrl,
      timeout: opts.timeoutMs ?? 30_000,
      headers: { Accept: 'application/json' },
      auth: { username: opts.user, password: opts.password },
      httpsAgent: new https.Agent({
        keepAlive: true,
        rejectUnauthorized: opts.verifyTls,
        ...(opts.caPem ? { ca: opts.caPem } : {}),
      }),
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
  async requestWithMeta<T>(
    endpoint: string,
    schema: z.ZodType<T>,
    config: AxiosRequestConfig = {},
  ): Promise<{ result: T; meta: EnvelopeMeta; asOf: string }> {
    try {
      const res = await this.http.request({
        url: endpoint,
        ...config,
        headers: { ...config.headers, ...(this.sessionCookie ? { Cookie: this.sessionCookie } : {}) },
      });
      const setCookie = res.headers['set-cookie'];
      const session = setCookie?.map((c) => c.split(';')[0]!).find((c) => c.startsWith('session='));
      if (session) this.sessionCookie = session;
      const date = Date.parse(String(res.headers.date ?? ''));
      return {
        ...unwrapEnvelopeWithMeta(res.data, schema, endpoint),
        asOf: new Date(Number.isNaN(date) ? Date.now() : date).toISOString(),
      };
    } catch (err) {
      throw this.failure(err, endpoint);
    }
  }

  /**
   * POST of a streamed or multipart body (uploads): no size limit or overall timeout, optional
   * upload progress. `raw` parses the body with `schema` directly, for the endpoints that answer
   * without the envelope (upload_waptsetup, docs/wapt-server-api.md §4.5).
   */
  async postBody<T>(
    endpoint: string,
    body: unknown,
    headers: Record<string, string>,
    schema: z.ZodType<T>,
    opts: {
      onUploadProgress?: (sent: number, total: number | undefined) => void;
      raw?: boolean;
      signal?: AbortSignal;
    } = {},
  ): Promise<T> {
    try {
      const res = await this.http.request({
        url: endpoint,
        method: 'POST',
        data: body,
        headers: { ...headers, ...(this.sessionCookie ? { Cookie: this.sessionCookie } : {}) },
        maxBodyLength: Infinity,
        maxContentLength: Infinity,
        timeout: 0,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onUploadProgress
          ? {
              onUploadProgress: (e: { loaded: number; total?: number }) =>
                opts.onUploadProgress!(e.loaded, e.total),
            }
          : {}),
      });
      if (!opts.raw) return unwrapEnvelopeWithMeta(res.data, schema, endpoint).result;
      const parsed = schema.safeParse(typeof res.data === 'string' ? JSON.parse(res.data) : res.data);
      if (!parsed.success)
        throw new ConsoleError('API_SCHEMA', `${endpoint}: unexpected answer from the server`, {
          details: { reason: 'SCHEMA', endpoint },
        });
      return parsed.data;
    } catch (err) {
      throw this.failure(err, endpoint);
    }
  }

  /** GET of a repository file (`/wapt/Packages`, `/wapt/<package>.wapt`): raw bytes, no envelope, size-capped. */
  async getBytes(endpoint: string, maxBytes = 64 * 1024 * 1024): Promise<Buffer> {
    try {
      const res = await this.http.request<ArrayBuffer>({
        url: endpoint,
        responseType: 'arraybuffer',
        maxContentLength: maxBytes,
        headers: { Accept: '*/*', ...(this.sessionCookie ? { Cookie: this.sessionCookie } : {}) },
      });
      return Buffer.from(res.data);
    } catch (err) {
      throw this.failure(err, endpoint);
    }
  }

  /** Maps a failure to the closed error set, and reports a mid-session 401 to the session owner. */
  private failure(err: unknown, endpoint: string): ConsoleError {
    const e = toApiError(err, endpoint);
    if (e.code === 'UNAUTHENTICATED' && endpoint !== '/api/v3/login') this.opts.onUnauthenticated?.();
    return e;
  }

  ping(): Promise<PingResult> {
    return this.request('/ping', PingResult);
  }

  login(): Promise<LoginResult> {
    return this.request('/api/v3/login', LoginResult, {
      method: 'POST',
      data: { user: this.opts.user, password: this.opts.password },
    });
  }

  async logout(): Promise<void> {
    await this.request('/api/v3/logout', z.unknown(), { method: 'POST' }).catch(() => undefined);
    this.sessionCookie = undefined;
  }
}
