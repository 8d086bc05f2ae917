import { ConsoleError, type ErrorCode, type ErrorDetails } from '../errors';

/** What crosses IPC and the browser bridge: never a thrown exception, always this envelope. */
export interface WireError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  details?: ErrorDetails;
}

export type WireResult<T> = { ok: true; value: T } | { ok: false; error: WireError };

export const ok = <T>(value: T): WireResult<T> => ({ ok: true, value });

export function fail(
  code: ErrorCode,
  message: string,
  details?: ErrorDetails,
  retryable = false,
): WireResult<never> {
  return {
    ok: false,
    error: details === undefined ? { code, message, retryable } : { code, message, retryable, details },
  };
}

export function errorToWire(err: ConsoleError): WireResult<never> {
  return fail(err.code, err.message, err.details, err.retryable);
}

export function wireToError(error: WireError): ConsoleError {
  return new ConsoleError(
    error.code,
    error.message,
    error.details === undefined
      ? { retryable: error.retryable }
      : { retryable: error.retryable, details: error.details },
  );
}
