import type { Translate } from './i18n';
import { translateIfComplete } from '../errors/issues';
import { reportedErrorDetail } from '../errors/presenter';

/**
 * A progress report of a job in the user's language: its step code (`progress.<STEP>`,
 * common/progress-steps.ts) filled from its parameters; main's English message only when the
 * report has no step the catalogues know (docs/i18n.md).
 */
export function progressText(
  p: { step?: string | undefined; params?: Record<string, string | number> | undefined; message: string },
  t: Translate,
): string {
  if (p.step === undefined) return p.message;
  return translateIfComplete(`progress.${p.step}`, p.params ?? {}, t) ?? p.message;
}

/** A host's row as main reports it (host actions, host packages): see common/ipc/methods/. */
export interface ReportedRow {
  message: string;
  note?: { step: string; params?: Record<string, string | number> | undefined } | undefined;
  error?:
    { code: string; reason: string | null; params?: Record<string, string | number> | undefined } | undefined;
}

/**
 * The message of a host's row (a host action, a host-package edit): its error (code + reason +
 * parameters) or main's own sentence (a step code) in the user's language; an agent's summary as
 * the agent wrote it.
 */
export function hostRowText(row: ReportedRow, t: Translate): string {
  if (row.error) return reportedErrorDetail({ ...row.error, message: row.message }, t);
  if (row.note)
    return progressText({ step: row.note.step, params: row.note.params, message: row.message }, t);
  return row.message;
}
