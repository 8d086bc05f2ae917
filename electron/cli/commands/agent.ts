import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import { createDemoBaseDir } from '../../core/agent-build/base-dir';
import { buildAgent } from '../../core/agent-build/build-agent';
import { bundledIsccPath } from '../../core/agent-build/iscc-runner';
import { assertInnoSetupCompiler } from '../../core/agent-build/tool-checks';
import { codeSigningIdentity } from '../../core/agent-build/authenticode';
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
 * The issue's command line has `--password-file` twice: for the key, and after `--user` for the
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
    '                         [--authenticode | --authenticode-cert C.crt|C.p12 [--authenticode-key K.pem] [--authenticode-password-file F]]',
    '                         [--timestamp-url URL]',
    '',
    'Writes DIR/waptagent.exe, DIR/waptagent.sha256, DIR/<prefix>-waptupgrade_<version>_all.wapt and',
    'DIR/waptagent-build.json (settings, certificate fingerprints, .iss, hashes).',
    '  --password-file F          the key password (asked on the terminal when omitted and the key is encrypted)',
    '  --server URL --user U      upload the package (upload_packages) then waptagent.exe (upload_waptsetup)',
    '  --password-file F after --user, or --server-password-file F: the server password',
    "  --iscc PATH                ISCC.exe (default: the innosetup npm package's, found next to this program; run under wine off Windows)",
    '  --wapt-base-dir DIR        the WAPT installation: its own waptsetup\\waptagent.iss is compiled (default: a generated demo one,',
    '                             compiled with the bundled template)',
    '  --authenticode             Authenticode-sign waptagent.exe with --key/--cert (needs the codeSigning usage; osslsigncode)',
    '  --authenticode-cert C      ... or with this certificate (PEM, with --authenticode-key K) or .p12/.pfx',
    '  --authenticode-password-file F  its password (default: the --password-file of --key when it is the same key)',
    '  --timestamp-url URL        RFC 3161 time-stamping authority for the Authenticode signature',
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
        authenticode: { type: 'boolean' },
        'authenticode-cert': { type: 'string' },
        'authenticode-key': { type: 'string' },
        'authenticode-password-file': { type: 'string' },
        'timestamp-url': { type: 'string' },
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
    if (values.authenticode && values['authenticode-cert'] !== undefined)
      throw usageError('--authenticode and --authenticode-cert exclude each other');
    if (values['timestamp-url'] !== undefined) {
      if (!values.authenticode && values['authenticode-cert'] === undefined)
        throw usageError('--timestamp-url needs --authenticode or --authenticode-cert');
      if (!/^https?:\/\/[^\s]+$/.test(values['timestamp-url']))
        throw usageError('--timestamp-url must be an http:// or https:// URL');
    }
    // Found from this program's own folder, never the working directory.
    const chosenIscc = values.iscc !== undefined ? resolveArg(io, values.iscc) : bundledIsccPath();
    if (chosenIscc === undefined)
      throw new ConsoleError(
        'COMPILER_MISSING',
        'no ISCC.exe: install the innosetup npm package or pass --iscc PATH',
        { details: { reason: 'ISCC_NOT_FOUND' } },
      );
    // A node stand-in (.mjs) is accepted from the command line only (the tests' fake compiler).
    const isccPath = await assertInnoSetupCompiler(chosenIscc, {
      allowNodeScript: values.iscc !== undefined,
    });

    const signer = await loadSigner(io, values);
    let authenticode: Parameters<typeof buildAgent>[0]['authenticode'];
    if (values.authenticode || values['authenticode-cert'] !== undefined) {
      const own = values.authenticode === true;
      const certOrP12 = own
        ? /\.(p12|pfx)$/i.test(values.key)
          ? resolveArg(io, values.key)
          : values.cert && resolveArg(io, values.cert)
        : resolveArg(io, values['authenticode-cert']!);
      if (certOrP12 === undefined) throw usageError('--authenticode needs --cert with a PEM key');
      const keyPath = own
        ? resolveArg(io, values.key)
        : values['authenticode-key'] && resolveArg(io, values['authenticode-key']);
      const pwFile = values['authenticode-password-file'] ?? (own ? values['password-file'] : undefined);
      const keyFile = keyPath ?? certOrP12;
      const needsPassword =
        /\.(p12|pfx)$/i.test(keyFile) ||
        /ENCRYPTED/.test((await readInput(keyFile, 'key file')).toString('latin1'));
      const password =
        pwFile !== undefined || needsPassword
          ? await readPassword(
              io,
              pwFile && resolveArg(io, pwFile),
              `Password for the Authenticode key ${path.basename(keyFile)}: `,
            )
          : undefined;
      authenticode = {
        identity: codeSigningIdentity(certOrP12, keyPath, password),
        ...(values['timestamp-url'] ? { timestampUrl: values['timestamp-url'] } : {}),
      };
    }
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
    let generatedBaseDir: string | undefined;
    if (waptBaseDir === undefined) {
      generatedBaseDir = await mkdtemp(path.join(os.tmpdir(), 'wapt-demo-base-'));
      waptBaseDir = await createDemoBaseDir(generatedBaseDir);
      io.err(
        `note: no --wapt-base-dir: using a generated demo WAPT base directory; the installer will not contain a working agent`,
      );
    }
    try {
      return await buildAndUpload(waptBaseDir);
    } finally {
      if (generatedBaseDir !== undefined) await rm(generatedBaseDir, { recursive: true, force: true });
    }

    async function buildAndUpload(waptBaseDir: string): Promise<number> {
      let lastMessage = '';
      // Ctrl+C: whatever step was running, one line (error [CANCELLED…]) and nothing left behind.
      const cancellable = <T>(p: Promise<T>): Promise<T> =>
        p.catch((err: unknown) => {
          if (io.interrupted.aborted && !(err instanceof ConsoleError && err.code === 'CANCELLED'))
            throw new ConsoleError('CANCELLED', 'the agent build was cancelled', {
              details: { reason: 'CANCELLED' },
            });
          throw err;
        });
      if (!authenticode)
        io.err(
          'note: waptagent.exe will not be Authenticode-signed (no --authenticode / --authenticode-cert)',
        );
      const result = await cancellable(
        buildAgent({
          config,
          configDir: path.dirname(configPath),
          waptBaseDir,
          outDir: resolveArg(io, values.out!),
          isccPath,
          signer,
          sha1Sign,
          existingWaptupgradeVersion: existing,
          signal: io.interrupted,
          ...(values['wine-prefix'] ? { wine: { prefix: resolveArg(io, values['wine-prefix']) } } : {}),
          ...(timeoutS ? { timeoutMs: timeoutS * 1000 } : {}),
          ...(authenticode ? { authenticode } : {}),
          onProgress: (p) => {
            if (p.line !== undefined && values.verbose) io.err(`  ${p.line}`);
            // One line per step: compiler lines repeat the step's message with a moving percentage.
            if (p.message !== lastMessage)
              io.err(
                `[${p.percent === null ? '   …' : `${String(Math.round(p.percent)).padStart(3)}%`}] ${p.message}`,
              );
            lastMessage = p.message;
          },
        }),
      );
      io.out(`waptagent.exe          ${result.exe.path}`);
      io.out(`waptagent.sha256       ${result.sha256File}`);
      io.out(
        `waptupgrade package    ${result.package.path} (${result.package.name} ${result.package.version})`,
      );
      io.out(`build manifest         ${result.manifestPath}`);
      io.out(`sha256 of waptagent.exe: ${result.sha256}`);
      io.out(
        `installer script       ${result.template.kind === 'installation' ? "the WAPT installation's own" : 'bundled template'} ${result.template.source}`,
      );
      io.out(
        `authenticode           ${result.authenticode ? `signed by ${result.authenticode.signerCn}${result.authenticode.timestamped ? ', time-stamped' : ''}` : 'not signed'}`,
      );
      if (client !== undefined) {
        await cancellable(uploadPackageFile(client, result.package.path, { signal: io.interrupted }));
        io.out(`uploaded ${result.package.fileName} to ${client.baseUrl}`);
        const r = await cancellable(uploadWaptsetup(client, result.exe.path, { signal: io.interrupted }));
        io.out(`uploaded waptagent.exe to ${client.baseUrl}: ${r.message}`);
        io.out(`Don't forget to change the hash of waptagent.exe in your GPO: ${result.sha256}`);
      }
      return EXIT_OK;
    }
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
