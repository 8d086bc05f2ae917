/**
 * Validation issues cross the bridge as a code plus parameters, so the renderer can say them in
 * the user's language (renderer/src/errors/issues.ts); the English `message` rides along only as a
 * fallback for a code the catalogues do not know. Parameters are numbers and short strings taken
 * from the schema (a length, a format name), never the value typed: that may be a secret.
 */
export type IssueParams = Record<string, string | number>;

export interface CodedIssue {
  /** A zod issue code (`too_small`, `invalid_format`…) or one of the console's own (`REPO_HTTP`…). */
  code: string;
  params?: IssueParams;
}

/** The fields of a zod issue that say what was expected, flattened to plain parameters. */
export function zodIssueParams(issue: { code: string }): CodedIssue {
  const fields = issue as { code: string } & Record<string, unknown>;
  const params: IssueParams = {};
  for (const name of ['minimum', 'maximum', 'origin', 'expected', 'format', 'divisor'] as const) {
    const v = fields[name];
    if (typeof v === 'number' || typeof v === 'string') params[name] = v;
    else if (typeof v === 'bigint') params[name] = Number(v);
  }
  if (Array.isArray(fields.keys)) params.keys = fields.keys.map(String).join(', ');
  // A refinement names its own issue: `.refine(fn, { message, params: { issue: 'PERIOD', field } })`.
  const own = fields.params as Record<string, unknown> | undefined;
  if (issue.code === 'custom' && own && typeof own.issue === 'string') {
    const ownParams: IssueParams = {};
    for (const [k, v] of Object.entries(own))
      if (k !== 'issue' && (typeof v === 'string' || typeof v === 'number')) ownParams[k] = v;
    return { code: own.issue, params: ownParams };
  }
  return Object.keys(params).length > 0 ? { code: issue.code, params } : { code: issue.code };
}
