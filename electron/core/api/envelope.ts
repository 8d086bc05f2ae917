import { z } from 'zod';
import { ConsoleError, type ErrorCode } from '../../../common/errors';
import { withoutServerPaths } from './server-text';

/** WAPT's standard JSON envelope (docs/wapt-server-api.md §1.1). */
export const WaptEnvelope = z.union([
  z
    .object({
      success: z.literal(true),
      msg: z.string().optional(),
      result: z.unknown(),
      request_time: z.number().nullable().optional(),
    })
    .passthrough(),
  z.object({
    success: z.literal(false),
    msg: z.string().optional(),
    error_code: z.string().nullable().optional(),
    request_time: z.number().nullable().optional(),
  }),
]);

/**
 * WAPT's `error_code`s (exception class names, lower-cased; docs/server-capabilities.md, "Errors")
 * mapped to the console's codes. A genuine server sends them in an HTTP 200 envelope with
 * `success:false`; the code and sub-reason let callers react without parsing messages.
 */
const WAPT_ERROR_CODES: Record<string, { code: ErrorCode; reason: string }> = {
  ewaptforbiddden: { code: 'ACCESS_DENIED', reason: 'WAPT_FORBIDDEN' }, // sic: WAPT spells it with 3 d
  ewaptforbidden: { code: 'ACCESS_DENIED', reason: 'WAPT_FORBIDDEN' },
  ewaptauthenticationfailure: { code: 'UNAUTHENTICATED', reason: 'WAPT_AUTHENTICATION' },
  ewaptunknownhost: { code: 'NOT_FOUND', reason: 'UNKNOWN_HOST' },
  empty_data: { code: 'NOT_FOUND', reason: 'EMPTY_DATA' },
  ewapttimeoutwaitingforresult: { code: 'TIMEOUT', reason: 'AGENT_TIMEOUT' },
  ewaptbadsignature: { code: 'SIGNATURE_INVALID', reason: 'WAPT_BAD_SIGNATURE' },
  ewapthostunreachable: { code: 'SERVER_ERROR', reason: 'HOST_UNREACHABLE' },
  ewaptmissingparameter: { code: 'SERVER_ERROR', reason: 'MISSING_PARAMETER' },
};

/** The typed error for a `success:false` envelope; `details.waptErrorCode` keeps WAPT's own code. */
export function waptFailure(
  errorCode: string | null | undefined,
  msg: string | undefined,
  endpoint: string,
): ConsoleError {
  const wapt = errorCode ? errorCode.toLowerCase() : null;
  const mapped = (wapt && WAPT_ERROR_CODES[wapt]) || { code: 'SERVER_ERROR' as const, reason: 'WAPT_ERROR' };
  // WAPT prefixes exception reprs with "Error on server:\n": the rest is the useful part.
  const text =
    withoutServerPaths((msg ?? '').replace(/^Error on server:\s*/, '')) || 'the server reported a failure';
  return new ConsoleError(mapped.code, `${endpoint}: ${text}`, {
    retryable: mapped.code === 'TIMEOUT',
    details: { reason: mapped.reason, endpoint, waptErrorCode: wapt },
  });
}

/**
 * Returns `result` parsed with the endpoint's schema. `success:false` becomes SERVER_ERROR carrying
 * WAPT's own error_code; a body that fits neither the envelope nor the schema is API_SCHEMA, so
 * the renderer is never fed garbage when the server's API drifts.
 */
export function unwrapEnvelope<T>(body: unknown, schema: z.ZodType<T>, endpoint: string): T {
  return unwrapEnvelopeWithMeta(body, schema, endpoint).result;
}

/** Paging metadata some servers add beside `result` (the reference server's documented extension). */
export interface EnvelopeMeta {
  msg: string;
  total?: number;
  offset?: number;
  limit?: number;
  /** Other top-level keys beside the standard ones (reference extensions such as `action_results`). */
  extras: Record<string, unknown>;
}

const STANDARD_KEYS: ReadonlySet<string> = new Set([
  'success',
  'msg',
  'result',
  'request_time',
  'total',
  'offset',
  'limit',
]);

export function unwrapEnvelopeWithMeta<T>(
  body: unknown,
  schema: z.ZodType<T>,
  endpoint: string,
): { result: T; meta: EnvelopeMeta } {
  const env = WaptEnvelope.safeParse(body);
  if (!env.success)
    throw new ConsoleError('API_SCHEMA', `${endpoint}: the server's answer is not a WAPT envelope`, {
      details: { reason: 'ENVELOPE', endpoint },
    });
  if (!env.data.success) throw waptFailure(env.data.error_code, env.data.msg, endpoint);
  const result = schema.safeParse(env.data.result);
  if (!result.success) {
    throw new ConsoleError(
      'API_SCHEMA',
      `${endpoint}: unexpected result shape (${result.error.issues[0]?.path.join('.') || 'root'}: ${result.error.issues[0]?.message})`,
      {
        details: { reason: 'RESULT', endpoint },
      },
    );
  }
  const extra = env.data as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const meta: EnvelopeMeta = {
    msg: env.data.msg ?? '',
    extras: Object.fromEntries(Object.entries(extra).filter(([k]) => !STANDARD_KEYS.has(k))),
  };
  for (const k of ['total', 'offset', 'limit'] as const) {
    const n = num(extra[k]);
    if (n !== undefined) meta[k] = n;
  }
  return { result: result.data, meta };
}
