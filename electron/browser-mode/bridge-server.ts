import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventName, EventPayload } from '../../common/ipc/contract';
import { fail } from '../../common/ipc/wire';
import { serveRendererAsset } from '../core/static/renderer-files';
import type { Logger } from '../core/ports';
import type { CallContext, Dispatch } from '../ipc/dispatch';

export const TOKEN_HEADER = 'x-console-token';
export const CLIENT_HEADER = 'x-console-client';
const MAX_BODY = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface BridgeServerOptions {
  rendererRoot: string;
  /** The built web-bridge script (dist/browser-bridge/web-bridge.js). */
  webBridgeScript: string;
  dispatch: Dispatch;
  log: Logger;
  /** Loopback only: 127.0.0.1 (default) or ::1. */
  host?: '127.0.0.1' | '::1';
  port?: number;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
}

export interface RunningBridge {
  /** Open this in a browser: it carries the token in the fragment. */
  launchUrl: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

/** Longest method name accepted on the wire (the contract's longest is far shorter). */
const MAX_METHOD_LENGTH = 128;

/**
 * The shape of a bridge call, checked before the dispatcher sees it: a JSON object whose
 * `method` is a non-empty string. Anything else is the caller's mistake, answered 400 with the
 * typed VALIDATION envelope (reason BAD_BRIDGE_REQUEST, or MALFORMED_JSON), never a 500.
 */
export function parseBridgeCall(
  text: string,
): { method: string; input: unknown } | { error: ReturnType<typeof fail> } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      error: fail('VALIDATION', 'malformed bridge request: the body is not JSON', {
        reason: 'MALFORMED_JSON',
      }),
    };
  }
  const bad = (why: string) => ({
    error: fail('VALIDATION', `malformed bridge request: ${why}`, { reason: 'BAD_BRIDGE_REQUEST' }),
  });
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return bad('expected an object {"method": "...", "input": {...}}');
  const { method, input } = body as { method?: unknown; input?: unknown };
  if (typeof method !== 'string') return bad('"method" must be a string');
  if (method === '' || method.length > MAX_METHOD_LENGTH || !/^[A-Za-z0-9_.]+$/.test(method))
    return bad('"method" is not a method name');
  return { method, input };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Browser mode: the same router (dispatch) and the same renderer build as the Electron app, over
 * a loopback HTTP bridge. Defences, because any local web page could try to reach a loopback port:
 * - Host must be 127.0.0.1:<port> or localhost:<port> (defeats DNS rebinding);
 * - bridge calls need the per-launch token in a header, compared in constant time;
 * - an Origin header, when present, must be the bridge's own origin (defeats cross-site requests);
 *   state-changing POSTs must carry it.
 */
export async function startBridgeServer(opts: BridgeServerOptions): Promise<RunningBridge> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const host = opts.host ?? '127.0.0.1';
  const clients = new Map<string, Set<ServerResponse>>();
  let allowedHosts: Set<string> = new Set();
  let allowedOrigins: Set<string> = new Set();

  const contextFor = (clientId: string): CallContext => ({
    transport: 'browser',
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const res of clients.get(clientId) ?? [])
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    },
  });

  const authorised = (req: IncomingMessage, requireOrigin: boolean): boolean => {
    const origin = req.headers.origin;
    if (origin !== undefined ? !allowedOrigins.has(origin) : requireOrigin) return false;
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return false;
    const given = req.headers[TOKEN_HEADER];
    return typeof given === 'string' && sameSecret(given, token);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!allowedHosts.has(req.headers.host ?? ''))
        return send(res, 421, 'Misdirected request: unknown Host');
      const url = new URL(req.url ?? '/', 'http://bridge.invalid');
      if (url.pathname === '/__bridge/invoke') {
        if (req.method !== 'POST') return send(res, 405, 'Method not allowed');
        if (!authorised(req, true)) {
          opts.log.warn('bridge.rejected', { path: url.pathname, origin: req.headers.origin ?? null });
          return send(res, 403, 'Forbidden');
        }
        if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
          return send(res, 415, 'Expected application/json');
        if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
          res.setHeader('Connection', 'close');
          return send(res, 413, 'Request too large');
        }
        let text: string;
        try {
          text = await readBody(req);
        } catch {
          res.setHeader('Connection', 'close');
          return send(res, 413, 'Request too large');
        }
        const call = parseBridgeCall(text);
        if ('error' in call) return send(res, 400, JSON.stringify(call.error), 'application/json');
        const clientId = String(req.headers[CLIENT_HEADER] ?? 'anonymous').slice(0, 64);
        const result = await opts.dispatch(call.method, call.input, contextFor(clientId));
        return send(res, 200, JSON.stringify(result), 'application/json');
      }
      if (url.pathname === '/__bridge/events') {
        if (req.method !== 'GET') return send(res, 405, 'Method not allowed');
        if (!authorised(req, false)) return send(res, 403, 'Forbidden');
        const clientId = String(req.headers[CLIENT_HEADER] ?? 'anonymous').slice(0, 64);
        res.writeHead(200, {
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
          'X-Content-Type-Options': 'nosniff',
        });
        res.write(': connected\n\n');
        if (!clients.has(clientId)) clients.set(clientId, new Set());
        clients.get(clientId)!.add(res);
        const beat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
        req.on('close', () => {
          clearInterval(beat);
          clients.get(clientId)?.delete(res);
        });
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      if (url.pathname === '/__bridge/web-bridge.js') {
        const body = await readFile(opts.webBridgeScript);
        res.writeHead(200, {
          'Content-Type': 'text/javascript; charset=utf-8',
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        });
        return res.end(req.method === 'HEAD' ? undefined : body);
      }
      const asset = await serveRendererAsset(
        {
          root: opts.rendererRoot,
          connectSrc: ["'self'"],
          headInjection: '<script src="/__bridge/web-bridge.js"></script>',
        },
        url.pathname,
      );
      res.writeHead(asset.status, asset.headers);
      res.end(req.method === 'HEAD' ? undefined : asset.body);
    })().catch((err: unknown) => {
      opts.log.error('bridge.request-failed', { message: (err as Error)?.message });
      // A bug, never bad input (that is a 400 above): still one typed envelope, no stack.
      if (!res.headersSent)
        send(res, 500, JSON.stringify(fail('INTERNAL', 'the bridge failed to answer')), 'application/json');
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = host === '::1' ? '[::1]' : host;
  allowedHosts = new Set([`${hostPart}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://${hostPart}:${port}`, `http://localhost:${port}`]);
  const origin = `http://${hostPart}:${port}`;
  return {
    launchUrl: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const set of clients.values()) for (const res of set) res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
