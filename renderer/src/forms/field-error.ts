import { useFormState, type Control, type FieldValues, type Path } from 'react-hook-form';
import { issueText } from '../errors/issues';
import { useI18n } from '../i18n/i18n';
import { codedErrorAt } from './coded-zod-resolver';

/**
 * The form's error for each field, in the user's language: the resolver kept each issue's code and
 * parameters (coded-zod-resolver.ts) and errors/issues.ts says them from the catalogues, so a
 * French run shows no English. Give the form's `control` (or call it under a FormProvider).
 */
export function useFieldErrors<Values extends FieldValues, Output = Values>(
  control?: Control<Values, unknown, Output>,
): (path: Path<Values> | 'root') => string | undefined {
  const { t } = useI18n();
  const { errors } = useFormState<Values, Output>(control ? { control } : {});
  return (path) => {
    const issue = codedErrorAt(errors, path);
    return issue ? issueText(issue, t) : undefined;
  };
}
