import type { FastifyReply } from 'fastify';

/**
 * WAPT's response envelope (docs/wapt-server-api.md §1.1): HTTP 200 with
 * `{success, msg, result, request_time}` or `{success:false, msg, error_code, request_time}`.
 * JSON is written like Python 2's `json.dumps` default: non-ASCII escaped as `\uXXXX`
 * (separators stay compact: no client depends on the spaces).
 */
export interface OkEnvelope<T> {
  success: true;
  msg: string;
  result: T;
  request_time: number | null;
  [extra: string]: unknown;
}
export interface FailEnvelope {
  success: false;
  msg: string;
  error_code: string;
  request_time?: number | null;
}

export function okEnvelope<T>(
  result: T,
  msg = '',
  requestTime: number | null = null,
  extra: Record<string, unknown> = {},
): OkEnvelope<T> {
  return { success: true, msg, result, request_time: requestTime, ...extra };
}

export function failEnvelope(
  errorCode: string,
  msg: string,
  requestTime: number | null = null,
): FailEnvelope {
  return { success: false, msg, error_code: errorCode, request_time: requestTime };
}

/** A failure a handler raises on purpose; becomes `{success:false, error_code}` (HTTP 200 unless told). */
export class WaptError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly httpStatus = 200,
  ) {
    super(message);
    this.name = 'WaptError';
  }
}

/** Python 2's `repr()` of an exception built with one string: `EWaptUnknownHost('Host X not found',)`. */
export function pythonExceptionRepr(cls: string, message: string): string {
  const body = message.replace(/\\/g, '\\\\');
  // Python quotes with ' unless the text holds a ' and no ".
  if (body.includes("'") && !body.includes('"')) return `${cls}("${body}",)`;
  return `${cls}('${body.replace(/'/g, "\\'")}',)`;
}

/**
 * What the genuine server answers when a handler raises WAPT exception `cls` (docs/wapt-server-api.md
 * §1.1, seen in §9): HTTP 200, `error_code` the class name in lower case, `msg`
 * `Error on server:\n<repr>`. Used by the strict profile (docs/reference-server.md).
 */
export function genuineError(cls: string, message: string): WaptError {
  return new WaptError(cls.toLowerCase(), `Error on server:\n${pythonExceptionRepr(cls, message)}`);
}

/**
 * The envelope Flask builds for an exception escaping a handler: the exception class name in lower
 * case as error_code and `Error on server:\n<repr>` as msg, no request_time.
 */
export function exceptionEnvelope(err: unknown): { success: false; msg: string; error_code: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  const cls =
    (e.constructor?.name && e.constructor.name !== 'Error' ? e.constructor.name : e.name) || 'Exception';
  return {
    success: false,
    error_code: cls.toLowerCase(),
    msg: `Error on server:\n${cls}(${JSON.stringify(e.message)})`,
  };
}

export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function sendJson(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.code(status).type('application/json').send(asciiJson(body));
}

/** Seconds elapsed since `t0` (a performance.now() value), as WAPT's request_time. */
export function elapsedSeconds(t0: number): number {
  return Math.round((performance.now() - t0) * 1000) / 1e6;
}
