import type { IssueParams } from '../../../common/domain/issue-codes';
import { en, type MessageKey } from '../i18n/en';
import { hasMessage, type Translate } from '../i18n/i18n';
import { messageArguments } from '../i18n/message-format';

/**
 * Messages built from a code and parameters sent by main (validation issues, error reasons) are
 * translated here; the English text main sent is the fallback when the catalogues lack the code or
 * main did not send every parameter the message needs (a half-filled sentence is worse).
 */

const argumentsOf = new Map<MessageKey, readonly string[]>();

function requiredArguments(key: MessageKey): readonly string[] {
  let names = argumentsOf.get(key);
  if (!names) {
    names = messageArguments(en[key], 'en');
    argumentsOf.set(key, names);
  }
  return names;
}

/** The plain (string or number) parameters of a details object. */
export function plainParams(source: unknown): IssueParams {
  const params: IssueParams = {};
  if (source && typeof source === 'object')
    for (const [k, v] of Object.entries(source as Record<string, unknown>))
      if (typeof v === 'string' || typeof v === 'number') params[k] = v;
  return params;
}

/** `key` translated with `params` when the catalogue has it and every argument is given. */
export function translateIfComplete(key: string, params: IssueParams, t: Translate): string | undefined {
  if (!hasMessage(key)) return undefined;
  if (!requiredArguments(key).every((name) => name in params)) return undefined;
  return t(key, params);
}

/** A validation issue (zod's or the console's own, common/domain/issue-codes.ts) in the user's language. */
export function issueText(
  issue: { code?: string; params?: IssueParams; message: string },
  t: Translate,
): string {
  if (!issue.code) return issue.message;
  return translateIfComplete(`issue.${issue.code}`, plainParams(issue.params), t) ?? issue.message;
}
