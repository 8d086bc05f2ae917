import { z } from 'zod';
import { ConsoleError } from '../../../common/errors';

/** WAPT's standard JSON envelope (server-api.md §1.1). */
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
}

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
  if (!env.data.success) {
    throw new ConsoleError(
      'SERVER_ERROR',
      `${endpoint}: ${env.data.msg ?? 'the server reported a failure'}`,
      {
        retryable: false,
        details: { reason: 'WAPT_ERROR', endpoint, waptErrorCode: env.data.error_code ?? null },
      },
    );
  }
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
  const meta: EnvelopeMeta = { msg: env.data.msg ?? '' };
  for (const k of ['total', 'offset', 'limit'] as const) {
    const n = num(extra[k]);
    if (n !== undefined) meta[k] = n;
  }
  return { result: result.data, meta };
}
