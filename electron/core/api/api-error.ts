import { AxiosError } from 'axios';
import { ConsoleError } from '../../../common/errors';

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
  'EPROTO',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ERR_SOCKET_CLOSED',
]);

/** Maps a transport failure to the closed ErrorCode set. Never includes request headers (credentials) in the message. */
export function toApiError(err: unknown, endpoint: string): ConsoleError {
  if (err instanceof ConsoleError) return err;
  if (err instanceof AxiosError) {
    const code = err.code ?? '';
    const status = err.response?.status;
    if (status === 401)
      return new ConsoleError('UNAUTHENTICATED', `${endpoint}: the server refused the credentials`, {
        details: { reason: 'HTTP_401', endpoint },
      });
    if (status === 403)
      return new ConsoleError(
        'ACCESS_DENIED',
        `${endpoint}: your account lacks the right for this operation`,
        { details: { reason: 'HTTP_403', endpoint } },
      );
    if (status === 404)
      return new ConsoleError('NOT_FOUND', `${endpoint}: not found on the server`, {
        details: { reason: 'HTTP_404', endpoint },
      });
    if (status === 429) {
      const retryAfter = Number(err.response?.headers?.['retry-after']);
      return new ConsoleError('SERVER_ERROR', `${endpoint}: the server is busy`, {
        retryable: true,
        details: {
          reason: 'HTTP_429',
          endpoint,
          ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
        },
      });
    }
    if (status !== undefined && status >= 500)
      return new ConsoleError('SERVER_ERROR', `${endpoint}: server error ${status}`, {
        retryable: true,
        details: { reason: `HTTP_${status}`, endpoint },
      });
    if (status !== undefined)
      return new ConsoleError('SERVER_ERROR', `${endpoint}: unexpected HTTP status ${status}`, {
        retryable: false,
        details: { reason: `HTTP_${status}`, endpoint },
      });
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(err.message))
      return new ConsoleError('TIMEOUT', `${endpoint}: the server did not answer in time`, {
        details: { reason: 'TIMEOUT', endpoint },
      });
    if (code === 'ERR_CANCELED') return new ConsoleError('CANCELLED', `${endpoint}: cancelled`);
    if (TLS_CODES.has(code) || /certificate|ssl|tls/i.test(err.message)) {
      return new ConsoleError(
        'TLS',
        `${endpoint}: the server's certificate could not be verified (${code || err.message})`,
        { details: { reason: code || 'TLS', endpoint } },
      );
    }
    if (NETWORK_CODES.has(code))
      return new ConsoleError('NETWORK', `${endpoint}: cannot reach the server (${code})`, {
        details: { reason: code, endpoint },
      });
    return new ConsoleError('NETWORK', `${endpoint}: ${err.message}`, {
      details: { reason: code || 'NETWORK', endpoint },
    });
  }
  return new ConsoleError('INTERNAL', `${endpoint}: ${(err as Error)?.message ?? String(err)}`);
}
