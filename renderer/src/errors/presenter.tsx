import { ConsoleError, isErrorCode } from '../../../common/errors';
import type { Translate } from '../i18n/i18n';

/** The single mapping from the closed error-code set to what a person reads. */
export function presentError(
  err: unknown,
  t: Translate,
): { message: string; retryable: boolean; code: string } {
  if (err instanceof ConsoleError && isErrorCode(err.code)) {
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
