/**
 * Every `details.reason` main can put on a ConsoleError that reaches the window (and the CLI),
 * with the names of the plain parameters every thrower of that reason sends in `details`. The
 * renderer says each reason in the user's language from `error.reason.<REASON>` (catalogues in
 * renderer/src/i18n/main-messages.*.ts); a catalogue message may only use the parameters listed
 * here, so it never falls back to main's English sentence for want of one
 * (test/common/error-reasons.test.ts checks both, and scans the sources for reasons missing
 * here). Parameters are file names, fields, hosts and statuses, never a secret or key material.
 * How errors cross the bridge: docs/i18n.md, "Errors and validation issues from main".
 */
export const ERROR_REASONS = {
  // --- the IPC / browser bridge and the contract
  SCHEMA: ['path', 'issue'], // filled by the presenter from details.issues[0]
  BAD_BRIDGE_REQUEST: [],
  MALFORMED_JSON: [],
  TOOL_PATH_FROM_RENDERER: [],
  USAGE: [], // CLI only
  PASSWORD_FILE: [], // CLI only
  // --- the WAPT server: HTTP, transport, envelopes (electron/core/api)
  BAD_CREDENTIALS: [],
  HTTP_401: [],
  HTTP_403: [],
  HTTP_404: [],
  HTTP_409: [],
  HTTP_429: [], // said by the presenter's own "too many attempts" sentence
  /** Any other `HTTP_<status>` reason: the presenter uses this message with {status}. */
  HTTP_STATUS: ['status'],
  TIMEOUT: [],
  TLS: [],
  DEPTH_ZERO_SELF_SIGNED_CERT: [],
  SELF_SIGNED_CERT_IN_CHAIN: [],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: [],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: [],
  CERT_HAS_EXPIRED: [],
  ERR_TLS_CERT_ALTNAME_INVALID: [],
  CERT_NOT_YET_VALID: [],
  EPROTO: [],
  NETWORK: [],
  ECONNREFUSED: [],
  ECONNRESET: [],
  ENOTFOUND: [],
  EAI_AGAIN: [],
  EHOSTUNREACH: [],
  ENETUNREACH: [],
  EPIPE: [],
  ERR_SOCKET_CLOSED: [],
  ENVELOPE: [],
  RESULT: [],
  NO_HOSTS_PAGING: [],
  NO_TOTAL: [],
  WAPT_FORBIDDEN: [],
  WAPT_AUTHENTICATION: [],
  UNKNOWN_HOST: [],
  EMPTY_DATA: [],
  AGENT_TIMEOUT: [],
  WAPT_BAD_SIGNATURE: [],
  HOST_UNREACHABLE: [],
  MISSING_PARAMETER: [],
  WAPT_ERROR: [],
  INSECURE_HTTP: [],
  NOT_HTTPS: [],
  EDITION: ['edition'],
  UPLOAD_HOST_REFUSED: [],
  UPLOAD_PACKAGE_REFUSED: [],
  UPLOAD_WAPTSETUP_REFUSED: [],
  // --- session, profiles, links
  NOT_CONNECTED: [],
  PASSWORD_REQUIRED: [],
  PASSWORD_MISMATCH: [],
  UNKNOWN_PROFILE: [],
  CA_BUNDLE: ['file'],
  MALFORMED_URL: [],
  SCHEME: [],
  CREDENTIALS: [],
  NO_HOST: [],
  HOST_NOT_ALLOWED: ['host'],
  // --- keys and certificates (wapt/signing, electron/core/keys)
  LOCKED: [],
  READ_ONLY: [],
  NOT_CONFIGURED: [],
  NOT_FOUND: ['file'],
  NOT_A_FILE: ['file'],
  TOO_LARGE: [],
  FILE_EXISTS: ['file'],
  CERTIFICATE_REQUIRED: [],
  WRONG_PASSWORD: [],
  MALFORMED: [],
  NO_PRIVATE_KEY: [],
  NOT_RSA: [],
  KEY_TOO_SMALL: [],
  UNSUPPORTED_PKCS12: [],
  KEY_CERT_MISMATCH: [],
  NO_CERTIFICATE: [],
  CERT_UNREADABLE: [],
  NOT_CODE_SIGNING: [],
  EXPIRED: [],
  NOT_YET_VALID: [],
  ISSUER_NOT_CA: [],
  CHAIN_SIGNATURE: [],
  UNTRUSTED: [],
  NO_TRUSTED_CERTIFICATES: [],
  TRUSTED_PATH: ['file'],
  CN_REQUIRED: [],
  INVALID_COUNTRY: [],
  INVALID_DAYS: [],
  INVALID_IDLE_TIME: [],
  // --- signed actions (claims)
  UNSIGNABLE_VALUE: [],
  RESERVED_ATTRIBUTE: [],
  CLAIM_MALFORMED: [],
  CLAIM_ATTRIBUTE_NOT_SIGNED: [],
  CLAIM_EXPIRED: [],
  CLAIM_SIGNATURE: [],
  CLAIM_WRONG_HOST: [],
  SIGNER_FINGERPRINT_MISMATCH: [],
  // --- package archives (wapt/packages/zip-read.ts, verify.ts, manifest.ts)
  NOT_A_ZIP: [],
  NOT_A_PACKAGE: [],
  ZIP_CORRUPT: [],
  SIZE_MISMATCH: ['member'],
  ZIP_BOMB: [],
  TOO_MANY_ENTRIES: [],
  MEMBER_TOO_LARGE: ['member'],
  OVERLAPPING_ENTRIES: [],
  ENCRYPTED_ENTRY: [],
  ENCRYPTED_HOST_PACKAGE: [],
  UNSUPPORTED_COMPRESSION: ['member'],
  ABSOLUTE_PATH: ['member'],
  BACKSLASH_PATH: ['member'],
  ZIP_SLIP: ['member'],
  INVALID_NAME: [], // a zip member name or a package name
  INVALID_NAME_ENCODING: [],
  NON_UTF8_NAME: [],
  DIRECTORY_ENTRY: ['member'],
  DUPLICATE_ENTRY: ['member'],
  CASE_COLLISION: ['member'],
  PATH_CONFLICT: ['member'],
  SYMLINK_ENTRY: ['member'],
  MISSING_CONTROL: [],
  MISSING_CERTIFICATE: [],
  NOT_SIGNED: [],
  MISSING_SIGNATURE: [],
  CONTROL_NOT_SIGNED: [],
  CONTROL_SIGNATURE_ENCODING: [],
  CONTROL_SIGNATURE: [],
  MANIFEST_INVALID: [],
  MANIFEST_DUPLICATE: ['member'],
  MANIFEST_SIGNATURE_ENCODING: [],
  MANIFEST_SIGNATURE: [],
  MANIFEST_EXTRA_FILE: ['member'],
  MANIFEST_MISSING_FILE: ['member'],
  MANIFEST_HASH_MISMATCH: ['member'],
  INDEX_INVALID: [],
  READ_FAILED: [],
  WRITE_FAILED: [],
  MD5_MISMATCH: [],
  // --- control files (common/domain/control.ts, control-validate.ts)
  NOT_UTF8: [],
  BOM: [],
  CONTROL_CHARACTER: [],
  NO_COLON: [],
  ORPHAN_CONTINUATION: [],
  DUPLICATE_KEY: ['attribute'],
  MISSING_ATTRIBUTE: ['attribute'],
  INVALID_ATTRIBUTE_NAME: ['attribute'],
  INVALID_VALUE: ['attribute'],
  INTEGER_OUT_OF_RANGE: ['attribute'],
  LINE_BREAK_CHAR: ['attribute'],
  INVALID_VERSION: ['attribute'],
  INVALID_ARCHITECTURE: ['attribute'],
  INVALID_SECTION: ['attribute'],
  INVALID_MATURITY: ['attribute'],
  INVALID_LOCALE: ['attribute'],
  INVALID_TARGET_OS: ['attribute'],
  INVALID_PACKAGE_REQUEST: ['attribute'],
  INVALID_DOTTED_VERSION: ['attribute'],
  INVALID_INSTALLED_SIZE: ['attribute'],
  INVALID_AUDIT_SCHEDULE: ['attribute'],
  INVALID_UUID: ['attribute'],
  INVALID_DATE: ['attribute'],
  INVALID_FINGERPRINT: ['attribute'],
  ROUND_TRIP: [],
  // --- building packages (wapt/packages/build.ts, package-writer.ts)
  SOURCE_UNREADABLE: [],
  SYMLINK_IN_SOURCE: ['member'],
  SPECIAL_FILE_IN_SOURCE: ['member'],
  RESERVED_MEMBER: [],
  PRIVATE_KEY_IN_SOURCE: [],
  NAME_TOO_LONG: ['bytes', 'limit'],
  BUILD_FAILED: [],
  ABORTED: [],
  // --- repository, host and group packages
  UNKNOWN_PACKAGE_FILE: ['file'],
  NOT_A_DIRECTORY: [],
  INVALID: [], // a package refused before upload for a problem without its own reason
  UNKNOWN_GROUP: [],
  GROUP_EXISTS: [],
  BAD_GROUP_NAME: ['name'],
  BAD_PACKAGE_REQUEST: ['request'],
  HOST_PACKAGE_ENCRYPTED: [],
  EXISTING_INVALID: [],
  WRONG_SECTION: [],
  NOT_OUR_SIGNATURE: [],
  SOME_HOSTS_FAILED: ['failed'],
  NOTHING_TO_RETRY: [],
  NOTHING_TO_QUEUE: [],
  UNKNOWN_JOB: [],
  RUNNING: [],
  // --- Windows updates and rule packages
  UNKNOWN_PACKAGE: [],
  UNKNOWN_UPDATE: [],
  NO_FILENAME: [],
  DRAFT_ID: [],
  RULES_INVALID: ['issue'], // filled by the presenter from details.issues[0]
  RULES_JSON_INVALID: [],
  VERSION_ON_SERVER: ['serverVersion', 'baseVersion'],
  NAME_ON_SERVER: ['serverVersion'], // a new rules package whose name the server already has
  VERSION_TAKEN: ['serverVersion'],
  // --- the agent build (electron/core/agent-build)
  CONFIG_INVALID: ['path', 'issue'], // filled by the presenter from details.issues[0]
  NO_BUILD: [],
  NOT_BUILT: [],
  NO_SETTINGS: [],
  NO_NATIVE_DIALOG: [],
  BASE_DIR_INVALID: ['dir', 'missing'], // missing: 'none' when the folder itself is absent
  NO_AGENT_VERSION: ['file'],
  TEMPLATE_MISSING: [],
  TEMPLATE_INCOMPLETE: [],
  ISS_UNSAFE_VALUE: [],
  CA_BUNDLE_UNREADABLE: ['file'],
  KEY_IN_CERTIFICATE_FILE: ['file'],
  DUAL_SIGN_UNAVAILABLE: [],
  TLS_FETCH: ['host'],
  ISCC_NOT_FOUND: [],
  NOT_INNO_SETUP_COMPILER: ['path'],
  WINE_MISSING: [],
  WINE_PREFIX_FAILED: [],
  SPAWN_FAILED: [],
  CANCELLED_BEFORE_START: [],
  CANCELLED: [],
  ISCC_TIMEOUT: [],
  ISCC_BAD_COMMAND_LINE: [],
  ISCC_SCRIPT_ERROR: [],
  ISCC_FAILED: [],
  NO_OUTPUT: [],
  PREPROCESS_FAILED: [],
  PACKED_PATH_UNCHECKABLE: ['path'],
  PRIVATE_KEY_IN_BUILD: [],
  OSSLSIGNCODE_MISSING: [],
  AUTHENTICODE_KEY_MISSING: [],
  AUTHENTICODE_FAILED: [],
  WAPTDEPLOY_MISSING: [],
  // --- the signature column's problems (shown in a tooltip, same catalogue)
  TOO_LARGE_FOR_GRID: [],
} as const satisfies Record<string, readonly string[]>;

export type ErrorReason = keyof typeof ERROR_REASONS;

export function isErrorReason(value: unknown): value is ErrorReason {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_REASONS, value);
}

/** `HTTP_<status>` reasons without a message of their own are said with HTTP_STATUS and {status}. */
export const HTTP_STATUS_REASON = /^HTTP_(\d{3})$/;

/**
 * Some errors wrap another one (a package refused before upload because it does not verify): they
 * keep the inner reason and its parameters, and name the wrapper in `details.context`. The window
 * says `error.context.<CONTEXT>` around the reason's sentence (`{reason}`), with these parameters.
 */
export const ERROR_CONTEXTS = {
  UPLOAD_REFUSED: ['file'], // electron/core/repo/repository-service.ts
  EXISTING_NOT_RESIGNED: [], // electron/core/hostpkg/host-package.ts
  CERTIFICATE_FILE: ['file'], // electron/core/agent-build/certificates.ts
  INDEX_ENTRY: ['entry'], // common/domain/packages-index-text.ts
} as const satisfies Record<string, readonly string[]>;

export type ErrorContext = keyof typeof ERROR_CONTEXTS;

export function isErrorContext(value: unknown): value is ErrorContext {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CONTEXTS, value);
}

/** The plain (string or number) parameters of an error's details, for a problem row. */
export function reasonParams(details: Record<string, unknown> | undefined): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(details ?? {}))
    if (k !== 'reason' && k !== 'context' && (typeof v === 'string' || typeof v === 'number')) params[k] = v;
  return params;
}
