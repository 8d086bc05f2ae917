/**
 * The WAPT base directory: the WAPT installation on the admin's machine that the agent's files are
 * taken from (docs/wapt-agent-build.md §3.3). Also generates the small demo base directory used by tests and
 * the demo (nothing binary is committed: the placeholder executables are written here).
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';

export interface BaseDirInfo {
  dir: string;
  /**
   * `installation`: a WAPT installation (it has `waptsetup\waptagent.iss`): its own script is
   * compiled, as the genuine console does (docs/wapt-agent-build.md §3.1). `demo`: the console's generated
   * demo directory, compiled with the bundled template.
   */
  kind: 'installation' | 'demo';
  /** The installation's `waptsetup/waptagent.iss`; null for the demo directory. */
  agentScript: string | null;
  /** FileVersion of wapt-get.exe (or `version-full` when the exe carries none). */
  agentVersion: string;
  /** `waptenterprise\licencing.py` exists (docs/wapt-agent-build.md §2 "Fixed parameters"). */
  enterprise: boolean;
}

const VS_FIXEDFILEINFO_SIGNATURE = Buffer.from([0xbd, 0x04, 0xef, 0xfe]);

/**
 * FileVersion from a PE's VS_FIXEDFILEINFO: found by its signature 0xFEEF04BD, followed by the
 * struct version, then dwFileVersionMS and dwFileVersionLS (little-endian). No full PE parse:
 * the signature is unique enough inside a version resource.
 */
export function readPeFileVersion(bytes: Buffer): string | undefined {
  const at = bytes.indexOf(VS_FIXEDFILEINFO_SIGNATURE);
  if (at < 0 || at + 16 > bytes.length) return undefined;
  const ms = bytes.readUInt32LE(at + 8);
  const ls = bytes.readUInt32LE(at + 12);
  return `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
}

/** `dir` and `missing` (the file it lacks, or 'none' when the folder itself is absent) let the window say it (docs/i18n.md). */
function baseDirError(
  reason: string,
  message: string,
  params: { dir: string; missing?: string } | { file: string },
): ConsoleError {
  return new ConsoleError('VALIDATION', message, { details: { reason, ...params } });
}

/** Written by createDemoBaseDir: the only directory the bundled template is compiled for. */
export const DEMO_MARKER = 'wapt-console-demo-base.txt';

const isFile = async (p: string) => (await stat(p).catch(() => undefined))?.isFile() ?? false;

/** What a WAPT installation must hold for the agent build (docs/wapt-agent-build.md §3.3, §4.2, §6). */
const INSTALLATION_LAYOUT = [
  'waptsetup/waptagent.iss',
  'waptsetup/common.iss',
  'waptupgrade/setup.py',
  'waptupgrade/WAPT/control',
  'waptdeploy.exe',
];

/**
 * Checks that `dir` is laid out like a WAPT installation (or is the console's demo directory) and
 * reads the agent version. Main runs this on every base directory it is given, whoever chose it.
 */
export async function inspectBaseDir(dir: string): Promise<BaseDirInfo> {
  const abs = path.resolve(dir);
  if (!(await stat(abs).catch(() => undefined))?.isDirectory())
    throw baseDirError(
      'BASE_DIR_INVALID',
      `the WAPT base directory ${abs} does not exist or is not a folder`,
      { dir: abs, missing: 'none' },
    );
  let exe: Buffer;
  try {
    exe = await readFile(path.join(abs, 'wapt-get.exe'));
  } catch {
    throw baseDirError(
      'BASE_DIR_INVALID',
      `${abs} is not a WAPT base directory: wapt-get.exe is missing (choose the WAPT installation folder, e.g. C:\\Program Files (x86)\\wapt)`,
      { dir: abs, missing: 'wapt-get.exe' },
    );
  }
  const agentScript = path.join(abs, 'waptsetup', 'waptagent.iss');
  const kind = (await isFile(agentScript))
    ? 'installation'
    : (await isFile(path.join(abs, DEMO_MARKER)))
      ? 'demo'
      : undefined;
  if (kind === undefined)
    throw baseDirError(
      'BASE_DIR_INVALID',
      `${abs} is not a WAPT installation: waptsetup\\waptagent.iss is missing`,
      { dir: abs, missing: 'waptsetup\\waptagent.iss' },
    );
  const required =
    kind === 'installation' ? INSTALLATION_LAYOUT : ['waptupgrade/setup.py', 'waptupgrade/WAPT/control'];
  for (const rel of required) {
    if (!(await isFile(path.join(abs, rel))))
      throw baseDirError(
        'BASE_DIR_INVALID',
        `${abs} is not a complete WAPT installation: ${rel.replace(/\//g, '\\')} is missing`,
        { dir: abs, missing: rel.replace(/\//g, '\\') },
      );
  }
  let agentVersion = readPeFileVersion(exe);
  if (agentVersion === undefined || agentVersion === '0.0.0.0') {
    const full = await readFile(path.join(abs, 'version-full'), 'utf8').catch(() => '');
    const m = /^\s*(\d+(?:\.\d+){1,3})/.exec(full);
    agentVersion = m?.[1];
  }
  if (agentVersion === undefined)
    throw baseDirError('NO_AGENT_VERSION', `cannot read the version of ${path.join(abs, 'wapt-get.exe')}`, {
      file: path.join(abs, 'wapt-get.exe'),
    });
  const enterprise = await isFile(path.join(abs, 'waptenterprise', 'licencing.py'));
  return {
    dir: abs,
    kind,
    agentScript: kind === 'installation' ? agentScript : null,
    agentVersion,
    enterprise,
  };
}

/** A stand-in for wapt-get.exe: "MZ" plus a VS_FIXEDFILEINFO holding `version`. Not runnable. */
export function fakeExeWithVersion(version: string): Buffer {
  const [a = 0, b = 0, c = 0, d = 0] = version.split('.').map(Number);
  const info = Buffer.alloc(52);
  VS_FIXEDFILEINFO_SIGNATURE.copy(info, 0);
  info.writeUInt32LE(0x00010000, 4);
  info.writeUInt32LE(((a & 0xffff) << 16) | (b & 0xffff), 8);
  info.writeUInt32LE(((c & 0xffff) << 16) | (d & 0xffff), 12);
  return Buffer.concat([Buffer.from('MZ demo placeholder, not a program\0'), info]);
}

export const DEMO_AGENT_VERSION = '1.8.2.7373';

/** The waptupgrade template control of the demo base directory (values of docs/wapt-agent-build.md §6 step 2). */
const DEMO_UPGRADE_CONTROL = [
  'package           : tis-waptupgrade',
  'version           : 1.8.2.1-44',
  'architecture      : all',
  'section           : base',
  'priority          : critical',
  'name              : WAPT Agent',
  'categories        : System and network',
  'maintainer        : ',
  'description       : Upgrade the WAPT agent',
  'target_os         : windows',
  'min_wapt_version  : 1.7',
  'impacted_process  : waptconsole,waptself',
  "description_fr    : Mise à jour de l'agent WAPT",
  'editor            : Tranquil IT',
  'homepage          : https://www.wapt.fr/',
  '',
].join('\n');

const DEMO_SETUP_PY = [
  '# -*- coding: utf-8 -*-',
  '# Demo waptupgrade package generated by the WAPT Console for tests: it installs nothing.',
  'from setuphelpers import *',
  '',
  'def install():',
  "    print('demo waptupgrade: the real package schedules waptagent.exe through waptdeploy.exe')",
  '',
].join('\n');

/**
 * Writes a small WAPT base directory: enough files for the template's [Files] and the waptupgrade
 * package, a few KB in all (compile time grows with payload). `enterprise` adds the licence marker
 * so that every wizard option can be exercised in the demo.
 */
export async function createDemoBaseDir(
  dir: string,
  opts: { enterprise?: boolean; version?: string } = {},
): Promise<string> {
  const version = opts.version ?? DEMO_AGENT_VERSION;
  const files: Array<[string, string | Buffer]> = [
    ['wapt-get.exe', fakeExeWithVersion(version)],
    ['waptdeploy.exe', Buffer.from('MZ demo waptdeploy placeholder\0')],
    ['version-full', `${version}\n`],
    [
      DEMO_MARKER,
      'The WAPT Console generated this demo base directory; it compiles with the bundled template.\n',
    ],
    [
      'waptservice/README.txt',
      'demo WAPT base directory: the agent service files of a real installation go here\n',
    ],
    ['templates/README.txt', 'demo templates\n'],
    ['waptupgrade/setup.py', DEMO_SETUP_PY],
    ['waptupgrade/WAPT/control', DEMO_UPGRADE_CONTROL],
    ['waptupgrade/WAPT/wapt.psproj', '[Project]\r\nname=waptupgrade\r\n'],
  ];
  if (opts.enterprise ?? true)
    files.push([
      'waptenterprise/licencing.py',
      '# demo marker: makes the demo base directory an Enterprise installation\n',
    ]);
  for (const [rel, content] of files) {
    const full = path.join(dir, ...rel.split('/'));
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return dir;
}
