import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSigner, loadCertificate, loadPrivateKey, type PackageSigner } from '../../wapt/signing/index';
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../../server/index';

export const ADMIN_PASSWORD = 'correct horse battery';

export interface Envelope<T = unknown> {
  success: boolean;
  msg: string;
  result?: T;
  error_code?: string;
  request_time?: number | null;
  [k: string]: unknown;
}

/** A started demo server in its own temp data dir (loopback, random port). */
export async function startTestServer(
  opts: Partial<ReferenceServerOptions> = {},
): Promise<{ server: ReferenceServer; dataDir: string; cleanup(): Promise<void> }> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'wapt-srv-'));
  const server = await startReferenceServer({
    dataDir,
    demo: true,
    hosts: 40,
    adminPassword: ADMIN_PASSWORD,
    simulation: { speed: 2000 },
    seed: 7,
    ...opts,
  });
  return {
    server,
    dataDir,
    async cleanup() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const basic = (user = 'admin', password = ADMIN_PASSWORD) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Minimal client: Basic auth on every call, like the 1.8.2 console. */
export function client(baseUrl: string, authorization: string | null = basic()) {
  const call = async <T = unknown>(
    method: string,
    p: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    if (authorization !== null) h.authorization = authorization;
    let payload: BodyInit | undefined;
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof Uint8Array || body instanceof FormData)
        payload = body as BodyInit;
      else {
        payload = JSON.stringify(body);
        h['content-type'] ??= 'application/json';
      }
    }
    const res = await fetch(`${baseUrl}${p}`, {
      method,
      headers: h,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await res.text();
    let json: Envelope<T> | undefined;
    try {
      json = JSON.parse(text) as Envelope<T>;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json: json as Envelope<T>, headers: res.headers };
  };
  return {
    get: <T = unknown>(p: string, headers?: Record<string, string>) => call<T>('GET', p, undefined, headers),
    post: <T = unknown>(p: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', p, body, headers),
    del: <T = unknown>(p: string, body?: unknown) => call<T>('DELETE', p, body),
  };
}

export function demoSigner(dataDir: string): PackageSigner {
  const key = loadPrivateKey(readFileSync(path.join(dataDir, 'demo', 'demo-signer.key'), 'utf8'));
  const cert = loadCertificate(readFileSync(path.join(dataDir, 'demo', 'demo-signer.crt'), 'utf8'));
  return createSigner({ key, certificateChain: [cert] });
}

/** Polls until `check` returns a value (no fixed sleeps). */
export async function until<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  intervalMs = 25,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
