import { ConsoleError } from '../../common/errors';

/** PACKAGE_INVALID with a stable reason (see docs/cli-packages.md for the list). */
export function packageError(
  reason: string,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): ConsoleError {
  return new ConsoleError('PACKAGE_INVALID', message, { details: { reason, ...details }, cause });
}

export function signatureError(
  reason: string,
  message: string,
  details: Record<string, unknown> = {},
): ConsoleError {
  return new ConsoleError('SIGNATURE_INVALID', message, { details: { reason, ...details } });
}

export function ioError(reason: string, message: string, cause?: unknown): ConsoleError {
  return new ConsoleError('IO', message, { details: { reason }, cause });
}
