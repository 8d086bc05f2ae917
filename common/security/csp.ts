export interface CspOptions {
  /** Origins the renderer may fetch from. Electron: none (all HTTP goes through main). Browser mode: the bridge origin. */
  connectSrc: readonly string[];
  /** Per-response nonce for the style elements AG Grid and the app inject. */
  styleNonce: string;
}

const NONCE_PATTERN = /^[A-Za-z0-9+/=_-]{16,}$/;

/**
 * The renderer's Content-Security-Policy, sent as a response header by the app:// protocol handler
 * and by the browser-mode bridge. No 'unsafe-inline' or 'unsafe-eval' anywhere: AG Grid receives
 * the nonce through its `styleNonce` option, and React sets styles through the CSSOM, which CSP
 * does not restrict.
 */
export function buildCsp({ connectSrc, styleNonce }: CspOptions): string {
  if (!NONCE_PATTERN.test(styleNonce)) throw new Error('CSP nonce must be at least 16 base64 characters');
  for (const src of connectSrc) {
    if (!/^(https?:\/\/[A-Za-z0-9.[\]:-]+|'self')$/.test(src))
      throw new Error(`Invalid connect-src entry: ${src}`);
  }
  const directives: [string, string][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', `'self' 'nonce-${styleNonce}'`],
    ['img-src', "'self' data:"],
    ['font-src', "'self' data:"],
    ['connect-src', connectSrc.length === 0 ? "'none'" : connectSrc.join(' ')],
    ['worker-src', "'none'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([k, v]) => `${k} ${v}`).join('; ');
}

/** The renderer reads the nonce from this meta tag; the server that serves index.html fills it in. */
export const CSP_NONCE_META = 'csp-nonce';
export const CSP_NONCE_PLACEHOLDER = '__CSP_NONCE__';
