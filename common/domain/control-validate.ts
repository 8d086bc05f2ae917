/**
 * Attribute validation for controls the console writes (docs/wapt-package-format.md §3, §14). Readers
 * accept far more; these rules keep what we publish acceptable to the server and every agent.
 * Returns every problem (the editor shows them all); {@link assertValidControl} throws the first.
 */
import { ConsoleError } from '../errors';
import { controlList, type Control } from './control';
import { isValidVersion } from './version';

export interface ControlIssue {
  attribute: string;
  /** Stable reason, used as `details.reason` of the CONTROL_INVALID error. */
  reason: string;
  message: string;
}

export const ARCHITECTURES = ['all', 'x86', 'x64'] as const;
export const SECTIONS = [
  'base',
  'restricted',
  'group',
  'host',
  'unit',
  'profile',
  'wsus',
  'selfservice',
] as const;
export const TARGET_OS = ['windows', 'linux', 'darwin', 'unix', 'all'] as const;

/**
 * Server-safe package names (§3 #1, §14 trap 12): `A-Za-z0-9_.-`, unchanged by werkzeug's
 * `secure_filename`, which strips leading and trailing `.` and `_`.
 */
const SERVER_SAFE_NAME = /^[A-Za-z0-9-](?:[A-Za-z0-9_.-]*[A-Za-z0-9-])?$/;
/** Unit names come from AD DNs through make_valid_package_name (§12.2): `=` and `~` kept. */
const UNIT_NAME = /^[A-Za-z0-9_.=~-]+$/;
const REQUEST_RE = /^[A-Za-z0-9_.=~-]+(?:\(\s*(?:==|=|>=|<=|>|<)\s*[0-9A-Za-z.-]+\s*\))?$/;
const DOTTED = /^\d+(?:\.\d+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** `YYYY-MM-DD[THH:MM[:SS[.ffffff]]]`: the values are compared as strings by agents. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?$/;

export function isServerSafePackageName(name: string): boolean {
  return SERVER_SAFE_NAME.test(name);
}

export function validatePackageName(name: string, section = 'base'): ControlIssue | undefined {
  if (name === '')
    return { attribute: 'package', reason: 'INVALID_NAME', message: 'the package name is empty' };
  const ok = section === 'unit' ? UNIT_NAME.test(name) : SERVER_SAFE_NAME.test(name);
  if (ok) return undefined;
  return {
    attribute: 'package',
    reason: 'INVALID_NAME',
    message: `package name ${JSON.stringify(name)} is not accepted by the WAPT server: use letters, digits, '-', '_' and '.' only, not starting or ending with '.' or '_'`,
  };
}

export function validateControl(control: Control): ControlIssue[] {
  const issues: ControlIssue[] = [];
  const add = (attribute: string, reason: string, message: string) =>
    issues.push({ attribute, reason, message });
  const s = (k: string) => {
    const v = control[k];
    return v === undefined ? '' : String(v);
  };
  const section = s('section') === '' ? 'base' : s('section');

  const nameIssue = validatePackageName(s('package'), section);
  if (nameIssue) issues.push(nameIssue);
  if (!isValidVersion(s('version'))) {
    add(
      'version',
      'INVALID_VERSION',
      `version ${JSON.stringify(s('version'))} is not MAJOR[.MINOR[.PATCH[.SUBPATCH]]][-PACKAGING] (digits, at most 4 numeric members)`,
    );
  }
  if (s('architecture') !== '' && !(ARCHITECTURES as readonly string[]).includes(s('architecture'))) {
    add(
      'architecture',
      'INVALID_ARCHITECTURE',
      `architecture ${JSON.stringify(s('architecture'))} must be one of ${ARCHITECTURES.join(', ')}`,
    );
  }
  if (!(SECTIONS as readonly string[]).includes(section)) {
    add(
      'section',
      'INVALID_SECTION',
      `section ${JSON.stringify(section)} must be one of ${SECTIONS.join(', ')}`,
    );
  }
  // [inferred] maturities are upper-case words (PROD, DEV, BETA…); they appear in file names.
  if (!/^[A-Za-z0-9_-]*$/.test(s('maturity'))) {
    add(
      'maturity',
      'INVALID_MATURITY',
      `maturity ${JSON.stringify(s('maturity'))} must be a single word such as PROD, DEV or BETA`,
    );
  }
  for (const loc of controlList(control.locale)) {
    if (!/^[a-z]{2}$/i.test(loc))
      add('locale', 'INVALID_LOCALE', `locale ${JSON.stringify(loc)} is not a two-letter ISO 639-1 code`);
  }
  for (const os of controlList(control.target_os)) {
    if (!(TARGET_OS as readonly string[]).includes(os.toLowerCase())) {
      add(
        'target_os',
        'INVALID_TARGET_OS',
        `target_os ${JSON.stringify(os)} must be among ${TARGET_OS.join(', ')}`,
      );
    }
  }
  for (const key of ['depends', 'conflicts']) {
    for (const req of controlList(control[key])) {
      if (!REQUEST_RE.test(req))
        add(
          key,
          'INVALID_PACKAGE_REQUEST',
          `${key} item ${JSON.stringify(req)} is not "name" or "name(<op><version>)"`,
        );
    }
  }
  for (const key of ['min_os_version', 'max_os_version', 'min_wapt_version']) {
    if (s(key) !== '' && !DOTTED.test(s(key)))
      add(
        key,
        'INVALID_DOTTED_VERSION',
        `${key} ${JSON.stringify(s(key))} must be a dotted number such as 6.1`,
      );
  }
  const size = control.installed_size;
  if (size !== undefined && size !== '' && (typeof size !== 'number' || size < 0)) {
    add(
      'installed_size',
      'INVALID_INSTALLED_SIZE',
      `installed_size ${JSON.stringify(size)} must be a non-negative number of bytes`,
    );
  }
  if (s('audit_schedule') !== '' && !/^\d+[mhdw]?$/.test(s('audit_schedule'))) {
    add(
      'audit_schedule',
      'INVALID_AUDIT_SCHEDULE',
      `audit_schedule ${JSON.stringify(s('audit_schedule'))} must be minutes or a number followed by m, h, d or w`,
    );
  }
  if (s('package_uuid') !== '' && !UUID.test(s('package_uuid'))) {
    add(
      'package_uuid',
      'INVALID_UUID',
      `package_uuid ${JSON.stringify(s('package_uuid'))} is not a lower-case UUID`,
    );
  }
  for (const key of ['valid_from', 'valid_until', 'forced_install_on']) {
    if (s(key) !== '' && !ISO_DATE.test(s(key)))
      add(
        key,
        'INVALID_DATE',
        `${key} ${JSON.stringify(s(key))} must be an ISO date such as 2024-01-31 or 2024-01-31T08:00:00`,
      );
  }
  if (s('signer_fingerprint') !== '' && !/^[0-9a-f]{64}$/.test(s('signer_fingerprint'))) {
    add(
      'signer_fingerprint',
      'INVALID_FINGERPRINT',
      'signer_fingerprint must be 64 lower-case hex characters (SHA-256 of the certificate DER)',
    );
  }
  if (section === 'host' && s('package') !== '' && /[^A-Za-z0-9_.-]/.test(s('package'))) {
    add('package', 'INVALID_NAME', 'a host package name is the host UUID or FQDN');
  }
  return issues;
}

export function assertValidControl(control: Control): void {
  const issues = validateControl(control);
  const first = issues[0];
  if (first !== undefined) {
    throw new ConsoleError(
      'CONTROL_INVALID',
      issues.length > 1 ? `${first.message} (and ${issues.length - 1} more problem(s))` : first.message,
      {
        details: { reason: first.reason, attribute: first.attribute, issues },
      },
    );
  }
}
