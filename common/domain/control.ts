/**
 * `WAPT/control`: parsed exactly as the WAPT 1.8.2 agent parses it and written exactly as WAPT
 * writes it (docs/wapt-package-format.md §2–§3). Pure: the renderer's package editor validates with
 * this same code while the user types.
 */
import { ConsoleError } from '../errors';
import { FORBIDDEN_IN_VALUES, pythonLong, pythonSplitLines, pythonStrip, isPythonSpace } from './python-text';

export type ControlValue = string | number;

/** The 38 data attributes (§3 items 1–38), in the order WAPT writes them. */
export const DATA_ATTRIBUTES = [
  'package',
  'version',
  'architecture',
  'section',
  'priority',
  'name',
  'categories',
  'maintainer',
  'description',
  'depends',
  'conflicts',
  'maturity',
  'locale',
  'target_os',
  'min_os_version',
  'max_os_version',
  'min_wapt_version',
  'sources',
  'installed_size',
  'impacted_process',
  'description_fr',
  'description_pl',
  'description_de',
  'description_es',
  'description_pt',
  'description_it',
  'description_nl',
  'description_ru',
  'audit_schedule',
  'editor',
  'keywords',
  'licence',
  'homepage',
  'package_uuid',
  'valid_from',
  'valid_until',
  'forced_install_on',
  'changelog',
] as const;

/** §3 items 39–43, written after the data attributes. */
export const SIGNATURE_ATTRIBUTES = [
  'signer',
  'signer_fingerprint',
  'signature',
  'signature_date',
  'signed_attributes',
] as const;

/** Written only in the `Packages` index (§11), after everything else, when non-empty. */
export const REPOSITORY_ATTRIBUTES = ['filename', 'size', 'md5sum'] as const;

/** The default `signed_attributes` of WAPT 1.8.2: every §3 attribute except `signature`. */
export const DEFAULT_SIGNED_ATTRIBUTES: readonly string[] = [
  ...DATA_ATTRIBUTES,
  'signer',
  'signer_fingerprint',
  'signature_date',
  'signed_attributes',
];

/** Attributes the reader turns into integers when they look like one (§2.2 rule 4). */
const INTEGER_ATTRIBUTES: ReadonlySet<string> = new Set(['size', 'installed_size']);

export type DataAttribute = (typeof DATA_ATTRIBUTES)[number];
export type SignatureAttribute = (typeof SIGNATURE_ATTRIBUTES)[number];

/**
 * A control as a map of attribute → value, holding exactly the keys present (the control
 * signature distinguishes "absent" from "empty" for signature attributes, §8.1). Unknown keys are
 * kept: readers accept them (§3).
 */
export type Control = {
  package: string;
  version: string;
  installed_size?: ControlValue;
  size?: ControlValue;
} & {
  [
    K in Exclude<
      DataAttribute | SignatureAttribute | 'filename' | 'md5sum',
      'package' | 'version' | 'installed_size'
    >
  ]?: string;
} & {
  [key: string]: ControlValue | undefined;
};

function controlError(reason: string, message: string, details: Record<string, unknown> = {}): ConsoleError {
  return new ConsoleError('CONTROL_INVALID', message, { details: { reason, ...details } });
}

/**
 * Parses one control record (§2.2). A whitespace-only line ends the record; callers that read a
 * `Packages` index split records themselves with {@link splitControlRecords}.
 */
export function parseControlRecord(text: string): Map<string, ControlValue> {
  if (text.startsWith('\ufeff')) {
    // The agent would read the BOM as part of the first key and never find `package`.
    throw controlError(
      'BOM',
      'the control file starts with a byte-order mark (BOM); WAPT agents cannot read it',
    );
  }
  const record = new Map<string, ControlValue>();
  let currentKey: string | undefined;
  let lineNo = 0;
  for (const line of pythonSplitLines(text)) {
    lineNo++;
    if (pythonStrip(line) === '') break;
    // NUL and the other C0 controls (TAB aside) have no business in a control file and cut C
    // strings short in other tools: refused, with the line (docs/cli-packages.md).
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    const bad = /[\x00-\x08\x0e-\x1b\x1f\x7f]/.exec(line);
    if (bad !== null) {
      throw controlError(
        'CONTROL_CHARACTER',
        `line ${lineNo} of the control contains the control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
        { line: lineNo },
      );
    }
    if (line.startsWith(' ')) {
      if (currentKey === undefined) {
        throw controlError(
          'ORPHAN_CONTINUATION',
          `line ${lineNo} of the control is a continuation line with no attribute before it`,
          { line: lineNo },
        );
      }
      record.set(currentKey, `${String(record.get(currentKey))}\n${pythonStrip(line)}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) {
      throw controlError(
        'NO_COLON',
        `line ${lineNo} of the control has no ':' (expected "attribute: value")`,
        { line: lineNo },
      );
    }
    currentKey = pythonStrip(line.slice(0, colon)).toLowerCase();
    if (record.has(currentKey)) {
      // An agent silently keeps the last value; two values for one attribute are ambiguous
      // (which one did the signer mean?), so the console refuses them (docs/cli-packages.md).
      throw controlError(
        'DUPLICATE_KEY',
        `line ${lineNo} of the control repeats the attribute '${currentKey.slice(0, 40)}'; each attribute may appear once`,
        { line: lineNo, attribute: currentKey.slice(0, 40) },
      );
    }
    record.set(currentKey, pythonStrip(line.slice(colon + 1)));
  }
  // The agent converts only once the record is complete, so continuation lines are included.
  for (const key of INTEGER_ATTRIBUTES) {
    const v = record.get(key);
    if (typeof v === 'string') {
      const n = pythonLong(v);
      if (n !== undefined) {
        if (!Number.isSafeInteger(n))
          throw controlError('INTEGER_OUT_OF_RANGE', `${key} ${v} is too large`, { attribute: key });
        record.set(key, n);
      }
    }
  }
  return record;
}

/** Parses `WAPT/control` as the agent does. `package` and `version` must be present. */
export function parseControl(text: string): Control {
  const record = parseControlRecord(text);
  for (const key of ['package', 'version'] as const) {
    if (!record.has(key))
      throw controlError('MISSING_ATTRIBUTE', `the control has no '${key}' attribute`, { attribute: key });
  }
  return Object.fromEntries(record) as Control;
}

/** Splits a `Packages` index text into records on whitespace-only lines (§11). */
export function splitControlRecords(text: string): string[] {
  const records: string[] = [];
  let current: string[] = [];
  for (const line of pythonSplitLines(text)) {
    if (pythonStrip(line) === '') {
      if (current.length > 0) records.push(current.join('\n'));
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) records.push(current.join('\n'));
  return records;
}

/** §2.3: every `\n` followed by a non-whitespace character becomes `\n `. */
function formatValue(value: ControlValue | undefined): string {
  if (value === undefined) return '';
  const s = String(value);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    out += c;
    if (c === '\n' && i + 1 < s.length && !isPythonSpace(s[i + 1]!)) out += ' ';
  }
  return out;
}

function line(key: string, value: ControlValue | undefined): string {
  return `${key.padEnd(18)}: ${formatValue(value)}`;
}

export interface SerializeOptions {
  /** Add `filename`, `size`, `md5sum` (non-empty ones) at the end, as in the `Packages` index. */
  withRepositoryAttributes?: boolean;
}

/**
 * Writes the control as WAPT 1.8.2 does (§2.3): the 38 data attributes and the signature
 * attributes always (empty ones as `name<pad>: `, `signature` only when set), `\n` line ends,
 * no final newline. Unknown attributes go after the signature attributes when non-empty
 * [inferred: WAPT writes non-empty extra attributes; their exact position is not in the spec].
 */
export function serializeControl(control: Control, options: SerializeOptions = {}): string {
  const lines: string[] = [];
  for (const key of DATA_ATTRIBUTES) lines.push(line(key, control[key]));
  for (const key of SIGNATURE_ATTRIBUTES) {
    if (key === 'signature' && (control.signature ?? '') === '') continue;
    lines.push(line(key, control[key]));
  }
  const known = new Set<string>([...DATA_ATTRIBUTES, ...SIGNATURE_ATTRIBUTES, ...REPOSITORY_ATTRIBUTES]);
  for (const [key, value] of Object.entries(control)) {
    if (!known.has(key) && value !== undefined && value !== '') lines.push(line(key, value));
  }
  if (options.withRepositoryAttributes === true) {
    for (const key of REPOSITORY_ATTRIBUTES) {
      const v = control[key];
      if (v !== undefined && v !== '') lines.push(line(key, v));
    }
  }
  return lines.join('\n');
}

/**
 * Normalises one value so that what is signed is exactly what the reader reconstructs (§2.3
 * round-trip rule): CRLF/CR → LF, each line stripped, empty lines dropped, whole value stripped.
 * The other Python line breaks cannot be written faithfully, so they are refused.
 */
export function normalizeControlValue(key: string, value: ControlValue | undefined): ControlValue {
  if (value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw controlError('INVALID_VALUE', `${key} must be an integer`, { attribute: key });
    return value;
  }
  if (FORBIDDEN_IN_VALUES.test(value)) {
    throw controlError(
      'LINE_BREAK_CHAR',
      `${key} contains a line-break character (VT, FF, U+001C–U+001E, U+0085, U+2028 or U+2029) that WAPT agents would split on`,
      {
        attribute: key,
      },
    );
  }
  const lines = value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(pythonStrip)
    .filter((l) => l !== '');
  const normalized = pythonStrip(lines.join('\n'));
  if (INTEGER_ATTRIBUTES.has(key)) {
    const n = pythonLong(normalized);
    if (n !== undefined) {
      if (!Number.isSafeInteger(n))
        throw controlError('INTEGER_OUT_OF_RANGE', `${key} ${normalized} is too large`, { attribute: key });
      return n;
    }
  }
  return normalized;
}

/** Normalises every value and lower-cases keys (the reader lower-cases them). */
export function normalizeControl(control: Control): Control {
  const out: Record<string, ControlValue> = {};
  for (const [key, value] of Object.entries(control)) {
    const k = pythonStrip(key).toLowerCase();
    if (k === '' || k.includes(':') || /[\s]/u.test(k)) {
      throw controlError(
        'INVALID_ATTRIBUTE_NAME',
        `attribute name ${JSON.stringify(key)} cannot be written to a control file`,
        { attribute: key },
      );
    }
    if (value !== undefined) out[k] = normalizeControlValue(k, value);
  }
  return out as Control;
}

/** A complete draft control: every data attribute present (empty when not given), normalised. */
export function createControl(fields: Partial<Control> & { package: string; version: string }): Control {
  const base: Record<string, ControlValue> = {};
  for (const key of DATA_ATTRIBUTES) base[key] = '';
  base.architecture = 'all';
  base.section = 'base';
  base.priority = 'optional';
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) base[k] = v;
  return normalizeControl(base as Control);
}

/** Splits a csv attribute the way readers do (`ensure_list`): items trimmed, empty ones dropped. */
export function controlList(value: ControlValue | undefined): string[] {
  if (value === undefined || value === '') return [];
  return String(value)
    .split(',')
    .map((s) => pythonStrip(s))
    .filter((s) => s !== '');
}
