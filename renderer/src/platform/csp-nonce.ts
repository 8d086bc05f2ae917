import { CSP_NONCE_META, CSP_NONCE_PLACEHOLDER } from '../../../common/security/csp';

/** The per-response nonce the server put in index.html; AG Grid needs it for the styles it injects. */
export function readCspNonce(): string | undefined {
  const value = document.querySelector(`meta[name="${CSP_NONCE_META}"]`)?.getAttribute('content');
  return value && value !== CSP_NONCE_PLACEHOLDER ? value : undefined;
}
