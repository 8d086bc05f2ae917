import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, pythonNumber } from '../../../common/domain/canonical-json';
import {
  DATA_ATTRIBUTES,
  createControl,
  normalizeControl,
  parseControl,
  serializeControl,
  type Control,
} from '../../../common/domain/control';
import { controlSignedPayload, isoformatNoZone } from '../../../common/domain/control-signature';
import { validateControl } from '../../../common/domain/control-validate';
import { md5Hex } from '../../../wapt/packages/md5';
import { packageFileName } from '../../../wapt/packages/package-filename';
import { parsePackagesText, serializePackagesText } from '../../../common/domain/packages-index-text';
import { pythonStrip } from '../../../common/domain/python-text';
import { compareVersions } from '../../../common/domain/version';

describe('parseControl (§2.2, as the agent parses)', () => {
  it('stops at the first whitespace-only line', () => {
    const c = parseControl('package: a\nversion: 1\n \t\nmaturity: PROD\n');
    expect(c.maturity).toBeUndefined();
  });
  it('joins continuation lines (single leading space) with stripped content; TAB is not a continuation', () => {
    expect(parseControl('package: a\nversion: 1\ndescription: one\n    two  \n three').description).toBe(
      'one\ntwo\nthree',
    );
    expect(() => parseControl('package: a\nversion: 1\ndescription: one\n\ttwo')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'NO_COLON' }) }),
    );
  });
  it('splits on the first colon, lower-cases and strips keys, strips values', () => {
    const c = parseControl('Package : a\nVERSION:1\nsources :  http://x/y:z  \n');
    expect(c).toMatchObject({ package: 'a', version: '1', sources: 'http://x/y:z' });
  });
  it('converts installed_size and size with Python long() rules', () => {
    const v = (s: string) => parseControl(`package: a\nversion: 1\ninstalled_size: ${s}`).installed_size;
    expect(v('1234')).toBe(1234);
    expect(v('+12')).toBe(12);
    expect(v('-3')).toBe(-3);
    expect(v('99L')).toBe(99);
    expect(v('١٢٣')).toBe(123); // Arabic-Indic digits are decimal digits for Python
    expect(v('12 MB')).toBe('12 MB');
    expect(v('')).toBe('');
    expect(parseControl('package: a\nversion: 1\nsize: 5').size).toBe(5);
  });
  it('treats every Python line break as a line break', () => {
    for (const br of ['\r\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029']) {
      expect(parseControl(`package: a${br}version: 1${br}maturity: DEV`).maturity).toBe('DEV');
    }
  });
  it('keeps unknown keys, and refuses a repeated key (an agent keeps the last; the console refuses the ambiguity)', () => {
    expect(parseControl('package: a\nversion: 1\nx-custom: yes')).toMatchObject({ 'x-custom': 'yes' });
    expect(() => parseControl('package: a\nversion: 1\nVersion : 2')).toThrow(
      expect.objectContaining({
        code: 'CONTROL_INVALID',
        details: expect.objectContaining({ reason: 'DUPLICATE_KEY', line: 3 }),
      }),
    );
  });
  it('strips Python whitespace, not JavaScript whitespace', () => {
    expect(pythonStrip('\x1c\x85 a \u3000')).toBe('a');
    expect(pythonStrip('\ufeffa')).toBe('\ufeffa');
  });
});

describe('serializeControl (§2.3, as WAPT writes)', () => {
  it('writes all 38 data attributes padded to 18 columns, signature attributes, no final newline', () => {
    const text = serializeControl(createControl({ package: 'tis-x', version: '1.0', description: 'a\nb' }));
    const lines = text.split('\n');
    expect(lines).toHaveLength(38 + 4 + 1);
    expect(lines[0]).toBe('package           : tis-x');
    expect(lines).toContain('name              : ');
    expect(lines).toContain(' b');
    expect(text.endsWith('\n')).toBe(false);
    expect(lines.filter((l) => l.startsWith('signature '))).toHaveLength(0);
  });

  it('round-trips any normalised control (property check over random values)', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = [
      'a',
      'Z',
      ' ',
      '\n',
      '\r\n',
      ':',
      'é',
      '😀',
      '\t',
      '"',
      '\\',
      '  ',
      '\n\n',
      ' \n ',
      '/',
      '\u00a0',
      '1',
    ];
    for (let i = 0; i < 300; i++) {
      const fields: Record<string, string> = {};
      for (const k of DATA_ATTRIBUTES)
        if (rnd() < 0.3)
          fields[k] = Array.from(
            { length: Math.floor(rnd() * 12) },
            () => alphabet[Math.floor(rnd() * alphabet.length)],
          ).join('');
      // The writer always emits the signature attributes, so the reader sees them (empty).
      const control = {
        ...createControl({ ...fields, package: 'p', version: '1' }),
        signer: '',
        signer_fingerprint: '',
        signature_date: '2020-01-01T00:00:00',
        signed_attributes: '',
      };
      const reread = parseControl(serializeControl(control));
      expect(reread).toEqual(control);
      expect(controlSignedPayload(reread)).toBe(controlSignedPayload(control));
    }
  });

  it('normalisation refuses Python-only line breaks and converts numeric installed_size', () => {
    expect(() => normalizeControl({ package: 'p', version: '1', description: 'a\u2028b' })).toThrow(
      expect.objectContaining({
        code: 'CONTROL_INVALID',
        details: expect.objectContaining({ reason: 'LINE_BREAK_CHAR' }),
      }),
    );
    expect(normalizeControl({ package: 'p', version: '1', installed_size: ' 42 ' }).installed_size).toBe(42);
  });
});

describe('canonical JSON (§8.2)', () => {
  it('matches Python json.dumps(sort_keys=True, separators=(",", ":")) byte for byte', () => {
    const obj = {
      z: 'ünï©ødé 😀 \u007f \u0001 "q" \\ / \n\t\b\f\r',
      a_b: 1,
      a: [true, false, null, -5, 0.1, 1e-7, 123456.789, 1e22],
      description_de: '',
      description: 'x',
    };
    const python = execFileSync(
      'python3',
      [
        '-c',
        'import json,sys; print(json.dumps(json.loads(sys.stdin.read()), sort_keys=True, separators=(",", ":")), end="")',
      ],
      { input: JSON.stringify(obj), encoding: 'utf8' },
    );
    expect(canonicalJson(obj)).toBe(python);
  });
  it('writes floats like Python repr', () => {
    expect([0.5, 1e16, 1.5e-5, 0.0001, 1e15 + 0.5, -2.5e-10].map(pythonNumber)).toEqual([
      '0.5',
      '1e+16',
      '1.5e-05',
      '0.0001',
      '1000000000000000.5',
      '-2.5e-10',
    ]);
  });
  it('uses the legacy attribute list for old unsigned-list controls', () => {
    expect(controlSignedPayload({ package: 'a', version: '1', signature_date: '20170101-120000' })).toBe(
      '{"architecture":"","conflicts":"","depends":"","maturity":"","package":"a","priority":"","section":"","version":"1"}',
    );
  });
  it('formats local dates as datetime.isoformat()', () => {
    expect(isoformatNoZone(new Date(2020, 4, 18, 10, 0, 0, 123))).toBe('2020-05-18T10:00:00.123000');
    expect(isoformatNoZone(new Date(2020, 4, 18, 10, 0, 0, 0))).toBe('2020-05-18T10:00:00');
  });
});

describe('package file names (§4)', () => {
  const c = (f: Partial<Control>) => createControl({ package: 'tis-7zip', version: '19.0.0-12', ...f });
  it.each([
    [c({}), 'tis-7zip_19.0.0-12.wapt'],
    [c({ architecture: 'x64', maturity: 'PROD' }), 'tis-7zip_19.0.0-12_x64_PROD.wapt'],
    [createControl({ package: 'test-group', version: '0', section: 'group' }), 'test-group_0.wapt'],
    [
      createControl({
        package: 'tis-dual',
        version: '1.0-0',
        architecture: 'x86',
        maturity: 'DEV',
        locale: 'fr,en',
      }),
      'tis-dual_1.0-0_x86_DEV_fr-en.wapt',
    ],
    [
      createControl({ package: 'tis-waptupgrade', version: '1.8.2.7373-3' }),
      'tis-waptupgrade_1.8.2.7373-3_all.wapt',
    ],
    [
      createControl({ package: '4C4C4544-004E-3510-8051-C7C04F325131', version: '3', section: 'host' }),
      '4C4C4544-004E-3510-8051-C7C04F325131.wapt',
    ],
  ])('%#', (control, expected) => expect(packageFileName(control)).toBe(expected));
  it('uses the MD5 of names outside the file-name rule', () => {
    const name = 'my package';
    expect(packageFileName(createControl({ package: name, version: '1' }))).toBe(
      `${createHash('md5').update(name).digest('hex')}_1.wapt`,
    );
    expect(packageFileName(c({}), { md5: 'abc' })).toBe('tis-7zip_19.0.0-12_abc.wapt');
  });
  it('pure MD5 agrees with node:crypto', () => {
    for (const s of ['', 'a', 'é😀', 'x'.repeat(1000)])
      expect(md5Hex(s)).toBe(createHash('md5').update(s).digest('hex'));
  });
});

describe('validation and versions', () => {
  it('reports each bad attribute with its own reason', () => {
    const issues = validateControl({
      package: '_bad name',
      version: '1.2.3.4.5',
      architecture: 'arm',
      section: 'weird',
      maturity: 'PROD,DEV',
      locale: 'fra',
      target_os: 'beos',
      depends: 'tis-a(~1)',
      min_os_version: 'ten',
      installed_size: 'big',
      audit_schedule: '1y',
      package_uuid: 'NOT-A-UUID',
      valid_from: 'yesterday',
      signer_fingerprint: 'abc',
    });
    expect(issues.map((i) => i.reason).sort()).toEqual(
      [
        'INVALID_NAME',
        'INVALID_VERSION',
        'INVALID_ARCHITECTURE',
        'INVALID_SECTION',
        'INVALID_MATURITY',
        'INVALID_LOCALE',
        'INVALID_TARGET_OS',
        'INVALID_PACKAGE_REQUEST',
        'INVALID_DOTTED_VERSION',
        'INVALID_INSTALLED_SIZE',
        'INVALID_AUDIT_SCHEDULE',
        'INVALID_UUID',
        'INVALID_DATE',
        'INVALID_FINGERPRINT',
      ].sort(),
    );
    expect(
      validateControl(createControl({ package: 'OU=IT_DC=corp', version: '1', section: 'unit' })),
    ).toEqual([]);
    expect(
      validateControl(
        createControl({
          package: 'tis-firefox',
          version: '115.0.2-1',
          depends: 'tis-a, tis-b(>=1.2)',
          target_os: 'windows',
        }),
      ),
    ).toEqual([]);
  });
  it('orders versions numerically then by packaging', () => {
    expect(['1.10-1', '1.9-2', '1.9-10', '1.9', '2'].sort(compareVersions)).toEqual([
      '1.9',
      '1.9-2',
      '1.9-10',
      '1.10-1',
      '2',
    ]);
  });
});

describe('Packages index text (§11)', () => {
  it('writes records separated by one blank line, repository attributes last, final newline, and reads them back', () => {
    const sig = {
      signer: 'S',
      signer_fingerprint: 'f'.repeat(64),
      signature: 'c2ln',
      signature_date: '2020-01-01T00:00:00',
      signed_attributes: 'package,version',
    };
    const a = {
      ...createControl({ package: 'a', version: '1' }),
      ...sig,
      filename: 'a_1.wapt',
      size: 10,
      md5sum: 'ff',
    };
    const b = { ...createControl({ package: 'b', version: '2', description: 'x\ny' }), ...sig };
    const text = serializePackagesText([a, b]);
    expect(text).toMatch(/md5sum {12}: ff\n\npackage {11}: b\n/);
    expect(text.endsWith('\n')).toBe(true);
    expect(parsePackagesText(text)).toEqual([a, b]);
  });
});
