import { CSP_NONCE_META, CSP_NONCE_PLACEHOLDER } from '../../../common/security/csp';

/** The per-response nonce the server put in index.html; AG Grid needs it for the styles it injects. */
export function readCspNonce(): string | undefined {
  const value = document.querySelector(`meta[name="${CSP_NONCE_META}"]`)?.getAttribute('content');
  return value && value !== CSP_NONCE_PLACEHOLDER ? value : undefined;
}

/**
 * Gives the nonce to the libraries that inject a <style> element through `get-nonce`: Radix
 * Dialog's scroll lock (react-remove-scroll) adds one when a dialog opens, and the CSP refuses it
 * without the nonce. `get-nonce` reads the bundlers' conventional global `__webpack_nonce__` when
 * nobody called its setNonce (it is not a dependency of the console, only of Radix, so the global
 * is the way in that needs no import of it).
 */
export function shareCspNonceWithStyleInjectors(nonce: string): void {
  (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = nonce;
}
