import { ConsoleError, isErrorCode } from '../../../common/errors';
import type { Translate } from '../i18n/i18n';

/** The single mapping from the closed error-code set to what a person reads. */
export function presentError(
  err: unknown,
  t: Translate,
): { message: string; retryable: boolean; code: string } {
  if (err instanceof ConsoleError && isErrorCode(err.code)) {
    // A missing route is never shown raw (its path means nothing to an administrator).
    if (err.code === 'NOT_SUPPORTED')
      return {
        code: err.code,
        retryable: false,
        message: t(err.details?.feature === 'wua' ? 'error.NOT_SUPPORTED.wua' : 'error.NOT_SUPPORTED'),
      };
    // Too many attempts (the server throttles logins, docs/reference-server.md): say when to try again.
    if (err.reason === 'HTTP_429') {
      const ms = Number(err.details?.retryAfterMs);
      return {
        code: err.code,
        retryable: true,
        message: Number.isFinite(ms)
          ? t('error.TOO_MANY_ATTEMPTS.after', { seconds: String(Math.max(1, Math.ceil(ms / 1000))) })
          : t('error.TOO_MANY_ATTEMPTS'),
      };
    }
    return {
      code: err.code,
      retryable: err.retryable,
      message: t(`error.${err.code}`, { message: err.message }),
    };
  }
  return {
    code: 'INTERNAL',
    retryable: false,
    message: t('error.INTERNAL', { message: (err as Error)?.message ?? String(err) }),
  };
}

export function ErrorBanner({
  error,
  t,
  onDismiss,
  onRetry,
}: {
  error: unknown;
  t: Translate;
  onDismiss?: () => void;
  onRetry?: () => void;
}) {
  const p = presentError(error, t);
  return (
    <div className="error-banner" role="alert" data-error-code={p.code}>
      <span className="error-banner__text">{p.message}</span>
      {onRetry && p.retryable && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
      {onDismiss && (
        <button type="button" className="btn btn--ghost" onClick={onDismiss} aria-label={t('error.dismiss')}>
          ×
        </button>
      )}
    </div>
  );
}
