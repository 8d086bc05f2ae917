/**
 * The closed set of error codes the console speaks. Every failure that crosses a layer boundary
 * (IPC, the browser bridge, the CLI's exit path) carries exactly one of these; the renderer maps
 * each code to one message and one suggested action (renderer/src/errors/presenter.ts).
 *
 * `details.reason` refines a code with a stable, machine-readable sub-reason (for example
 * PACKAGE_INVALID + reason ZIP_SLIP) so callers and tests can tell failures apart without
 * parsing messages.
 */
export const ERROR_CODES = [
  'VALIDATION', // input failed schema validation
  'FORBIDDEN', // untrusted IPC sender / bridge caller
  'UNKNOWN_METHOD', // method not in the contract
  'NOT_FOUND',
  'NOT_SUPPORTED', // the server lacks this route or feature (community edition, genuine 1.8.2 without an extension)
  'CONFLICT', // e.g. a package version already on the server
  'UNAUTHENTICATED', // server answered 401
  'ACCESS_DENIED', // server answered 403
  'NETWORK', // connection refused, DNS, reset
  'TIMEOUT',
  'TLS', // certificate verification failed
  'SERVER_ERROR', // 5xx or {success:false} from the WAPT server
  'API_SCHEMA', // the server answered something we cannot parse: schema drift
  'KEY_INVALID', // wrong password, unreadable key, key/certificate mismatch
  'KEY_LOCKED', // an operation needs the unlocked key
  'CERT_INVALID', // certificate unusable: expired, not code-signing, untrusted chain…
  'SIGNATURE_INVALID',
  'PACKAGE_INVALID', // malformed or unsafe package archive
  'CONTROL_INVALID', // malformed control file / attribute
  'PRIVATE_KEY_LEAK', // private key material found where it must never be
  'COMPILER_MISSING',
  'COMPILE_FAILED',
  'CANCELLED',
  'IO', // local file system failure
  'INTERNAL', // a bug: anything not mapped above
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every `details.reason`, with the parameters each sends: the inventory lives in error-reasons.ts. */
export { ERROR_REASONS, isErrorReason, type ErrorReason } from './error-reasons';

const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set(['NETWORK', 'TIMEOUT', 'SERVER_ERROR']);

export interface ErrorDetails {
  reason?: string;
  [key: string]: unknown;
}

export class ConsoleError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: ErrorDetails | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; details?: ErrorDetails; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConsoleError';
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.details = options.details;
  }

  /** The sub-reason, when the thrower gave one. */
  get reason(): string | undefined {
    return this.details?.reason;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
