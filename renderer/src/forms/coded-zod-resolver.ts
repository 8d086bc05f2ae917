import { toNestErrors, validateFieldsNatively } from '@hookform/resolvers';
import { get, type FieldError, type FieldErrors, type FieldValues, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { zodIssueParams, type IssueParams } from '../../../common/domain/issue-codes';

/** A form error that still knows its issue code and parameters (errors/issues.ts translates them). */
export interface CodedFieldError extends FieldError {
  params?: IssueParams;
}

/**
 * A react-hook-form resolver over a zod schema that keeps each issue's code and parameters.
 *
 * @hookform/resolvers' zodResolver keeps only zod's code and English message: a refinement's own
 * code (`HTTP_URL`, `PERIOD`… in `params.issue`) and its parameters would be lost, and the message
 * could not be said in French. This one maps issues exactly as main does for the issues it sends
 * (common/domain/issue-codes.ts `zodIssueParams`), and nests them with the library's own helpers.
 * The first issue of a field wins, as in zodResolver.
 */
export function codedZodResolver<Input extends FieldValues, Output>(
  schema: z.ZodType<Output>,
): Resolver<Input, unknown, Output> {
  return (values, _context, options) => {
    const parsed = schema.safeParse(values);
    if (parsed.success) {
      if (options.shouldUseNativeValidation) validateFieldsNatively({}, options);
      return { values: parsed.data, errors: {} };
    }
    const flat: Record<string, CodedFieldError> = {};
    for (const issue of parsed.error.issues) {
      // An issue about the whole object (unknown keys) goes to react-hook-form's `root`.
      const path = issue.path.length > 0 ? issue.path.join('.') : 'root';
      if (path in flat) continue;
      const coded = zodIssueParams(issue);
      flat[path] = {
        type: coded.code,
        message: issue.message,
        ...(coded.params ? { params: coded.params } : {}),
      };
    }
    return { values: {}, errors: toNestErrors<Input>(flat, options) };
  };
}

function isFieldError(node: unknown): node is CodedFieldError {
  return typeof node === 'object' && node !== null && typeof (node as FieldError).type === 'string';
}

/**
 * The first error at `path` or under it (the profiles line is one field, its issues are per
 * profile: `appendHostProfiles.1`), as an issue errors/issues.ts can translate.
 */
export function codedErrorAt(
  errors: FieldErrors,
  path: string,
): { code: string; params?: IssueParams; message: string } | undefined {
  const search = (node: unknown): CodedFieldError | undefined => {
    if (isFieldError(node)) return node;
    if (typeof node !== 'object' || node === null) return undefined;
    for (const child of Object.values(node)) {
      const found = search(child);
      if (found) return found;
    }
    return undefined;
  };
  const found = search(get(errors, path));
  if (!found) return undefined;
  return {
    code: found.type,
    message: typeof found.message === 'string' ? found.message : '',
    ...(found.params ? { params: found.params } : {}),
  };
}
