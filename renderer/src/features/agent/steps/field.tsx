import type { ReactNode } from 'react';
import { useFormState } from 'react-hook-form';
import type { ConfigIssue } from '../../../../../common/domain/agent-config';
import { issueText } from '../../../errors/issues';
import { useI18n } from '../../../i18n/i18n';
import type { AgentFormValues } from '../agent-form';
import { codedErrorAt } from '../../../forms/coded-zod-resolver';

/** A labelled input with its issue under it. */
export function Field({
  label,
  error,
  children,
}: {
  label: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <label className="field">
      {label}
      {children}
      {error && <span className="hint error">{error}</span>}
    </label>
  );
}

/**
 * The text shown under a field, in the user's language: the form's own error for it (the
 * resolver's, errors/issues.ts translates its code), else what the whole-configuration check says
 * about it (`issues`: warnings such as plain http or an Enterprise-only option, and the
 * no-certificate error, which no single field's rule can see).
 */
export function useIssueFor(issues: readonly ConfigIssue[]): (path: string) => string | undefined {
  const { t } = useI18n();
  const { errors } = useFormState<AgentFormValues>();
  return (path: string) => {
    const own = codedErrorAt(errors, path);
    if (own) return issueText(own, t);
    const issue = issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
    return issue ? issueText(issue, t) : undefined;
  };
}

/** setValue options for a field driven by code (checkbox pairs, lists): validated and dirty like a typed one. */
export const AS_TYPED = { shouldDirty: true, shouldValidate: true, shouldTouch: true } as const;
