import { ConsoleError, isErrorCode } from '../../../common/errors';
import type { IssueParams } from '../../../common/domain/issue-codes';
import type { Translate } from '../i18n/i18n';
import { issueText, plainParams, translateIfComplete } from './issues';

/**
 * The detail sentence of an error in the user's language: the first validation issue of a schema
 * refusal, else the sentence for the error's reason (`error.reason.*`, filled from its details),
 * else the English message main wrote (the fallback, for reasons the catalogues do not cover).
 */
export function errorDetail(err: ConsoleError, t: Translate): string {
  const issues = err.details?.issues;
  if (err.reason === 'SCHEMA' && Array.isArray(issues) && issues.length > 0) {
    const first = issues[0] as { path?: unknown; code?: string; params?: IssueParams; message?: unknown };
    const path = typeof first.path === 'string' && first.path !== '' ? first.path : 'input';
    const issue = issueText(
      {
        code: first.code,
        params: plainParams(first.params),
        message: typeof first.message === 'string' ? first.message : err.message,
      },
      t,
    );
    return t('error.reason.SCHEMA', { path, issue });
  }
  if (err.reason) {
    const sentence = translateIfComplete(`error.reason.${err.reason}`, plainParams(err.details), t);
    if (sentence !== undefined) return sentence;
  }
  return err.message;
}

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
      message: t(`error.${err.code}`, { message: errorDetail(err, t) }),
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
