import { randomBytes } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildCsp, CSP_NONCE_PLACEHOLDER } from '../../../common/security/csp';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

export interface RendererResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ServeOptions {
  /** The built renderer directory (dist/renderer). Nothing outside it is ever served. */
  root: string;
  /** Origins the page may connect to (browser mode: the bridge origin; Electron: none). */
  connectSrc: readonly string[];
  /** Extra markup inserted before </head> of index.html (browser mode's bridge script). */
  headInjection?: string;
}

function plain(status: number, text: string): RendererResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    body: Buffer.from(text),
  };
}

/**
 * Maps a request path to a file strictly inside `root`: rejects encoded traversal, backslashes,
 * NUL bytes, and symlinks that resolve outside the root (realpath + prefix check).
 * Returns null when the request must be refused.
 */
export async function resolveRendererFile(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null;
  if (decoded.split('/').some((seg) => seg === '..' || seg === '.')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.slice(1);
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(path.join(realRoot, rel));
  } catch {
    return null;
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
  try {
    if (!(await stat(real)).isFile()) return null;
  } catch {
    return null;
  }
  return real;
}

/** Serves one renderer asset with the security headers; index.html gets a fresh CSP nonce per response. */
export async function serveRendererAsset(opts: ServeOptions, pathname: string): Promise<RendererResponse> {
  const file = await resolveRendererFile(opts.root, pathname);
  if (file === null) return plain(404, 'Not found');
  const ext = path.extname(file).toLowerCase();
  const type = CONTENT_TYPES[ext];
  if (type === undefined) return plain(404, 'Not found');
  let body = await readFile(file);
  const nonce = randomBytes(18).toString('base64');
  const headers: Record<string, string> = {
    'Content-Type': type,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': buildCsp({ connectSrc: opts.connectSrc, styleNonce: nonce }),
  };
  if (ext === '.html') {
    let html = body.toString('utf8').replaceAll(CSP_NONCE_PLACEHOLDER, nonce);
    if (opts.headInjection) html = html.replace('</head>', `${opts.headInjection}</head>`);
    body = Buffer.from(html);
    headers['Cache-Control'] = 'no-store';
  } else {
    headers['Cache-Control'] = /-[A-Za-z0-9_-]{8,}\.\w+$/.test(file)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache';
  }
  return { status: 200, headers, body };
}
