import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import { createDemoBaseDir } from '../../core/agent-build/base-dir';
import { buildAgent } from '../../core/agent-build/build-agent';
import { bundledIsccPath } from '../../core/agent-build/iscc-runner';
import { waptupgradePackageName } from '../../core/agent-build/waptupgrade';
import { highestPackageVersion, uploadPackageFile, uploadWaptsetup } from '../../core/api/uploads';
import { WaptClient } from '../../core/api/wapt-client';
import { parseCommandArgs } from '../args';
import { readPassword } from '../secrets';
import { EXIT_OK, type CliCommand } from '../types';
import { readInput, resolveArg } from '../files';
import { loadSigner } from './package';

/** `agent …` commands (issue: build the WAPT agent). Documented in docs/agent-build.md. */

const usageError = (message: string) =>
  new ConsoleError('VALIDATION', message, { details: { reason: 'USAGE' } });

/**
 * The command line has `--password-file` twice: for the key, and after `--user` for the
 * server. A `--password-file` that comes after `--user` is therefore read as
 * `--server-password-file` (which can also be written explicitly).
 */
export function splitPasswordFiles(argv: readonly string[]): string[] {
  const out: string[] = [];
  let afterUser = false;
  for (const arg of argv) {
    if (arg === '--user' || arg.startsWith('--user=')) afterUser = true;
    if (afterUser && arg === '--password-file') out.push('--server-password-file');
    else if (afterUser && arg.startsWith('--password-file='))
      out.push(`--server-password-file=${arg.slice('--password-file='.length)}`);
    else out.push(arg);
  }
  return out;
}

const agentBuild: CliCommand = {
  path: ['agent', 'build'],
  summary:
    'build waptagent.exe, waptagent.sha256 and the signed <prefix>-waptupgrade package; optionally upload them',
  usage: [
    'wapt-console agent build CONFIG.json --key K.pem --cert C.crt [--password-file F] --out DIR [--iscc PATH]',
    '                         [--wapt-base-dir DIR] [--server URL --user U (--password-file F | --server-password-file F) | --no-upload]',
    '',
    'Writes DIR/waptagent.exe, DIR/waptagent.sha256, DIR/<prefix>-waptupgrade_<version>_all.wapt and',
    'DIR/waptagent-build.json (settings, certificate fingerprints, .iss, hashes).',
    '  --password-file F          the key password (asked on the terminal when omitted and the key is encrypted)',
    '  --server URL --user U      upload the package (upload_packages) then waptagent.exe (upload_waptsetup)',
    '  --password-file F after --user, or --server-password-file F: the server password',
    "  --iscc PATH                ISCC.exe (default: the innosetup npm package's; run under wine off Windows)",
    '  --wapt-base-dir DIR        the WAPT installation the agent files come from (default: a generated demo one)',
    '  --wine-prefix DIR          wine prefix for ISCC (default ~/.cache/wapt-console/wine)',
    '  --timeout SECONDS          compiler timeout (default 3600)',
    "  --server-ca FILE           CA bundle to verify the server's HTTPS certificate",
    '  --verbose                  print the compiler output',
    'Exit codes: 0 built (and uploaded), 1 failed, 2 bad usage or invalid CONFIG.json.',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      splitPasswordFiles(argv),
      {
        key: { type: 'string' },
        cert: { type: 'string' },
        'password-file': { type: 'string' },
        out: { type: 'string' },
        iscc: { type: 'string' },
        'wapt-base-dir': { type: 'string' },
        server: { type: 'string' },
        user: { type: 'string' },
        'server-password-file': { type: 'string' },
        'server-ca': { type: 'string' },
        'no-upload': { type: 'boolean' },
        'wine-prefix': { type: 'string' },
        timeout: { type: 'string' },
        verbose: { type: 'boolean' },
      },
      { min: 1, max: 1, names: 'CONFIG.json' },
    );
    if (values.key === undefined) throw usageError('--key is required');
    if (values.out === undefined) throw usageError('--out DIR is required');
    if (values.server !== undefined && values['no-upload'])
      throw usageError('--server and --no-upload exclude each other');
    if (values.server !== undefined && values.user === undefined) throw usageError('--server needs --user');
    const timeoutS = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeoutS !== undefined && !(timeoutS > 0))
      throw usageError('--timeout must be a positive number of seconds');

    const configPath = resolveArg(io, positionals[0]!);
    let config: unknown;
    try {
      config = JSON.parse((await readInput(configPath, 'configuration')).toString('utf8'));
    } catch (err) {
      if (err instanceof ConsoleError) throw err;
      throw new ConsoleError('VALIDATION', `${configPath} is not valid JSON: ${(err as Error).message}`, {
        details: { reason: 'CONFIG_INVALID' },
      });
    }
    const isccPath = values.iscc !== undefined ? resolveArg(io, values.iscc) : bundledIsccPath(io.cwd);
    if (isccPath === undefined)
      throw new ConsoleError(
        'COMPILER_MISSING',
        'no ISCC.exe: install the innosetup npm package or pass --iscc PATH',
        { details: { reason: 'ISCC_NOT_FOUND' } },
      );

    const signer = await loadSigner(io, values);
    // Dual signing's legacy SHA-1 signature comes from the same key (PackageSigner.signSha1).
    const sha1Sign = signer.signSha1!.bind(signer);

    let client: WaptClient | undefined;
    let existing: string | null = null;
    if (values.server !== undefined) {
      const password = await readPassword(
        io,
        values['server-password-file'] && resolveArg(io, values['server-password-file']),
        `Password for ${values.user} on ${values.server}: `,
      );
      const caPem =
        values['server-ca'] === undefined
          ? undefined
          : (await readInput(resolveArg(io, values['server-ca']), 'server CA bundle')).toString('utf8');
      client = new WaptClient({
        baseUrl: values.server,
        user: values.user!,
        password,
        verifyTls: true,
        ...(caPem ? { caPem } : {}),
      });
      // Log in before the build: a wrong password should not cost a compile.
      await client.login();
      const prefix = (config as { prefix?: unknown }).prefix;
      if (typeof prefix === 'string')
        existing = await highestPackageVersion(client, waptupgradePackageName(prefix.trim()));
    }

    let waptBaseDir =
      values['wapt-base-dir'] === undefined ? undefined : resolveArg(io, values['wapt-base-dir']);
    if (waptBaseDir === undefined) {
      waptBaseDir = await createDemoBaseDir(await mkdtemp(path.join(os.tmpdir(), 'wapt-demo-base-')));
      io.err(
        `note: no --wapt-base-dir: using a generated demo WAPT base directory (${waptBaseDir}); the installer will not contain a working agent`,
      );
    }

    let lastPercent = -1;
    const result = await buildAgent({
      config,
      configDir: path.dirname(configPath),
      waptBaseDir,
      outDir: resolveArg(io, values.out),
      isccPath,
      signer,
      sha1Sign,
      existingWaptupgradeVersion: existing,
      signal: io.interrupted,
      ...(values['wine-prefix'] ? { wine: { prefix: resolveArg(io, values['wine-prefix']) } } : {}),
      ...(timeoutS ? { timeoutMs: timeoutS * 1000 } : {}),
      onProgress: (p) => {
        if (p.line !== undefined && values.verbose) io.err(`  ${p.line}`);
        if (p.line === undefined && p.percent !== lastPercent)
          io.err(`[${String(Math.round(p.percent)).padStart(3)}%] ${p.message}`);
        lastPercent = p.percent;
      },
    });
    io.out(`waptagent.exe          ${result.exe.path}`);
    io.out(`waptagent.sha256       ${result.sha256File}`);
    io.out(
      `waptupgrade package    ${result.package.path} (${result.package.name} ${result.package.version})`,
    );
    io.out(`build manifest         ${result.manifestPath}`);
    io.out(`sha256 of waptagent.exe: ${result.sha256}`);
    if (client !== undefined) {
      await uploadPackageFile(client, result.package.path, { signal: io.interrupted });
      io.out(`uploaded ${result.package.fileName} to ${client.baseUrl}`);
      const r = await uploadWaptsetup(client, result.exe.path, { signal: io.interrupted });
      io.out(`uploaded waptagent.exe to ${client.baseUrl}: ${r.message}`);
      io.out(`Don't forget to change the hash of waptagent.exe in your GPO: ${result.sha256}`);
    }
    return EXIT_OK;
  },
};

const agentDemoBaseDir: CliCommand = {
  path: ['agent', 'demo-base-dir'],
  summary: 'write a small demo WAPT base directory (for trying the agent build without a WAPT installation)',
  usage:
    'wapt-console agent demo-base-dir DIR\n\nWrites placeholder agent files (not a working agent) and the waptupgrade sources into DIR.',
  async run(argv, io) {
    const { positionals } = parseCommandArgs(argv, {}, { min: 1, max: 1, names: 'DIR' });
    const dir = await createDemoBaseDir(resolveArg(io, positionals[0]!));
    io.out(dir);
    return EXIT_OK;
  },
};

export const agentCommands: CliCommand[] = [agentBuild, agentDemoBaseDir];
