import { ConsoleError, isErrorCode } from '../../../common/errors';
import { HTTP_STATUS_REASON } from '../../../common/error-reasons';
import type { IssueParams } from '../../../common/domain/issue-codes';
import { Button } from '../components/button';
import type { Translate } from '../i18n/i18n';
import { issueText, plainParams, translateIfComplete } from './issues';

/**
 * `{path}` and `{issue}` of an error that carries validation issues (a schema refusal, a rule
 * package, an agent configuration): the first issue, in the user's language when it has a code.
 */
function firstIssueParams(err: ConsoleError, t: Translate): IssueParams {
  const issues = err.details?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return {};
  const first = issues[0] as { path?: unknown; code?: string; params?: IssueParams; message?: unknown };
  const path = typeof first.path === 'string' && first.path !== '' ? first.path : 'input';
  const message = typeof first.message === 'string' ? first.message : err.message;
  return { path, issue: issueText({ code: first.code, params: plainParams(first.params), message }, t) };
}

/**
 * The detail sentence of an error in the user's language: the sentence for its reason
 * (`error.reason.*`, filled from its details and, for a refusal with validation issues, from the
 * first issue; every reason of common/error-reasons.ts has one), inside its context's sentence
 * when it wraps another error; else the English message main wrote (the fallback, for a reason
 * main sent without a parameter its sentence needs).
 */
export function errorDetail(err: ConsoleError, t: Translate): string {
  if (!err.reason) return err.message;
  const params = { ...plainParams(err.details), ...firstIssueParams(err, t) };
  const sentence = reasonSentence(err.reason, params, t);
  if (sentence === undefined) return err.message;
  // A wrapped error (a package refused before upload…): its context around the reason's sentence.
  const context = err.details?.context;
  if (typeof context !== 'string') return sentence;
  return translateIfComplete(`error.context.${context}`, { ...params, reason: sentence }, t) ?? err.message;
}

/**
 * An error main reported as data (a host's row, a signature problem): code, reason and parameters
 * said like a thrown error's detail; `message` (main's English) is the fallback.
 */
export function reportedErrorDetail(
  e: { code: string; reason: string | null; params?: IssueParams | undefined; message: string },
  t: Translate,
): string {
  const code = isErrorCode(e.code) ? e.code : 'INTERNAL';
  const details = e.reason === null ? undefined : { ...(e.params ?? {}), reason: e.reason };
  return errorDetail(new ConsoleError(code, e.message, details ? { details } : {}), t);
}

/** The sentence of one reason, or undefined when the catalogues cannot say it (main's English then). */
function reasonSentence(reason: string, params: IssueParams, t: Translate): string | undefined {
  const sentence = translateIfComplete(`error.reason.${reason}`, params, t);
  if (sentence !== undefined) return sentence;
  // Any other HTTP status (5xx, unexpected codes): one message, the status read from the reason.
  const status = HTTP_STATUS_REASON.exec(reason)?.[1];
  return status === undefined ? undefined : t('error.reason.HTTP_STATUS', { status });
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
      {onRetry && p.retryable && <Button onClick={onRetry}>{t('error.retry')}</Button>}
      {onDismiss && (
        <Button variant="ghost" onClick={onDismiss} aria-label={t('error.dismiss')}>
          ×
        </Button>
      )}
    </div>
  );
}
