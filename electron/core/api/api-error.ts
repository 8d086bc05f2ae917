import { AxiosError } from 'axios';
import { ConsoleError } from '../../../common/errors';

/** Transport codes that become the reason of a TLS / NETWORK error (each in common/error-reasons.ts). */
export const TLS_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
  'EPROTO',
]);
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ERR_SOCKET_CLOSED',
]);

/** Repository files (packages, host packages, the update cache): a 404 there is a missing file. */
const REPOSITORY_PATH = /^\/(wapt|wapt-host|waptwua)\//;
/** Windows-update routes exist only on an Enterprise server (docs/server-capabilities.md). */
const WUA_ROUTE = /^\/api\/v\d\/(windows_|wsusscan|download_wsusscan|download_windows_updates)/;

/**
 * A 404 on an API route means the server has no such route (a community edition, a genuine
 * server without a reference extension): NOT_SUPPORTED, shown as one translated sentence, never
 * as the raw path. `details.feature` says which feature, when known.
 */
export function notFound(endpoint: string): ConsoleError {
  const path = endpoint.split('?')[0]!;
  if (REPOSITORY_PATH.test(path))
    return new ConsoleError('NOT_FOUND', `${endpoint}: not found on the server`, {
      details: { reason: 'HTTP_404', endpoint },
    });
  return new ConsoleError('NOT_SUPPORTED', `${endpoint}: the server has no such route`, {
    retryable: false,
    details: { reason: 'HTTP_404', endpoint, ...(WUA_ROUTE.test(path) ? { feature: 'wua' } : {}) },
  });
}

/** Maps a transport failure to the closed ErrorCode set. Never includes request headers (credentials) in the message. */
export function toApiError(err: unknown, endpoint: string): ConsoleError {
  if (err instanceof ConsoleError) return err;
  if (err instanceof AxiosError) {
    const code = err.code ?? '';
    const status = err.response?.status;
    if (status === 401)
      // On the login itself a genuine server answers a bad password with a 401 text/html page
      // (docs/server-capabilities.md): that is wrong credentials, not an expired session.
      return endpoint === '/api/v3/login'
        ? new ConsoleError('UNAUTHENTICATED', 'the server refused the user name or password', {
            details: { reason: 'BAD_CREDENTIALS', endpoint, status },
          })
        : new ConsoleError('UNAUTHENTICATED', `${endpoint}: the server refused the credentials`, {
            details: { reason: 'HTTP_401', endpoint, status },
          });
    if (status === 403)
      return new ConsoleError(
        'ACCESS_DENIED',
        `${endpoint}: your account lacks the right for this operation`,
        { details: { reason: 'HTTP_403', endpoint, status } },
      );
    if (status === 404) return notFound(endpoint);
    // The reference server refuses a different package under an existing name and version with
    // 409 (docs/server-api-extensions.md); callers turn it into their own conflict message.
    if (status === 409)
      return new ConsoleError(
        'CONFLICT',
        `${endpoint}: the server already holds a different version of this`,
        {
          details: { reason: 'HTTP_409', endpoint, status },
        },
      );
    if (status === 429) {
      const retryAfter = Number(err.response?.headers?.['retry-after']);
      return new ConsoleError('SERVER_ERROR', `${endpoint}: the server is busy`, {
        retryable: true,
        details: {
          reason: 'HTTP_429',
          endpoint,
          status,
          ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
        },
      });
    }
    if (status !== undefined && status >= 500)
      return new ConsoleError('SERVER_ERROR', `${endpoint}: server error ${status}`, {
        retryable: true,
        details: { reason: `HTTP_${status}`, endpoint, status },
      });
    if (status !== undefined)
      return new ConsoleError('SERVER_ERROR', `${endpoint}: unexpected HTTP status ${status}`, {
        retryable: false,
        details: { reason: `HTTP_${status}`, endpoint, status },
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
