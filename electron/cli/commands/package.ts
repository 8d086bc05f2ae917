import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import { buildPackage, inspectPackage, signPackage, verifyPackage } from '../../../wapt/packages/index';
import {
  createKeyAndCertificate,
  createSigner,
  loadCertificates,
  loadPkcs12,
  loadPrivateKey,
  loadTrustedCertificates,
  orderChain,
  type PackageSigner,
} from '../../../wapt/signing/index';
import { parseCommandArgs } from '../args';
import { readPassword } from '../secrets';
import { EXIT_FAILED, EXIT_OK, type CliCommand, type CliIo } from '../types';
import { readInput, resolveArg } from '../files';

/** `keys …` and `package …` commands (issue: package and crypto core). Documented in docs/cli-packages.md. */

const isEncryptedPem = (bytes: Buffer) => {
  const text = bytes.toString('latin1');
  return text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type:\s*4,ENCRYPTED/.test(text);
};

/**
 * Loads the signer from `--key` (PEM key, or a .p12/.pfx bundle holding key and chain) and
 * `--cert`. The password is asked only when the key is encrypted.
 */
export async function loadSigner(
  io: CliIo,
  values: { key?: string; cert?: string; 'password-file'?: string },
): Promise<PackageSigner> {
  if (values.key === undefined)
    throw new ConsoleError('VALIDATION', '--key is required', { details: { reason: 'USAGE' } });
  const keyPath = resolveArg(io, values.key);
  const keyBytes = await readInput(keyPath, 'key file');
  if (/\.(p12|pfx)$/i.test(keyPath)) {
    const password = await readPassword(
      io,
      values['password-file'] && resolveArg(io, values['password-file']),
      `Password for ${path.basename(keyPath)}: `,
    );
    const { key, certificateChain } = loadPkcs12(keyBytes, password);
    const chain =
      values.cert === undefined
        ? certificateChain
        : loadCertificates(await readInput(resolveArg(io, values.cert), 'certificate'));
    return createSigner({ key, certificateChain: chain });
  }
  if (values.cert === undefined)
    throw new ConsoleError('VALIDATION', '--cert is required with a PEM key', {
      details: { reason: 'USAGE' },
    });
  const certs = loadCertificates(await readInput(resolveArg(io, values.cert), 'certificate'));
  const password = isEncryptedPem(keyBytes)
    ? await readPassword(
        io,
        values['password-file'] && resolveArg(io, values['password-file']),
        `Password for ${path.basename(keyPath)}: `,
      )
    : undefined;
  const key = loadPrivateKey(keyBytes, password);
  return createSigner({ key, certificateChain: orderChain(certs[0]!, certs.slice(1)) });
}

export const signerOptions = {
  key: { type: 'string' },
  cert: { type: 'string' },
  'password-file': { type: 'string' },
} as const;

const keysCreate: CliCommand = {
  path: ['keys', 'create'],
  summary: 'create an RSA key (encrypted PKCS#8) and its certificate',
  usage: [
    'wapt-console keys create --name NAME --out DIR [--password-file F | --unencrypted] [--code-signing] [--ca] [--days N]',
    '                         [--cn CN] [--org O] [--bits 2048|3072|4096] [--issuer-key K.pem --issuer-cert C.crt [--issuer-password-file F]]',
    '',
    'Writes DIR/NAME.pem (private key, encrypted with the password) and DIR/NAME.crt (certificate).',
    'Self-signed unless --issuer-key/--issuer-cert name a CA. The password comes from --password-file',
    'or an interactive prompt, never from the command line. Existing files are not overwritten.',
    '  --code-signing  add extendedKeyUsage codeSigning (needed to sign packages with setup.py)',
    '  --ca            basicConstraints CA:TRUE, keyCertSign and cRLSign (WAPT admin certificates are CA + code signing)',
    '  --days N        validity in days (default 3650)',
    '  --cn CN         certificate common name (default NAME); it becomes the packages\' "signer"',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseCommandArgs(
      argv,
      {
        name: { type: 'string' },
        out: { type: 'string' },
        'password-file': { type: 'string' },
        unencrypted: { type: 'boolean' },
        'code-signing': { type: 'boolean' },
        ca: { type: 'boolean' },
        days: { type: 'string' },
        cn: { type: 'string' },
        org: { type: 'string' },
        bits: { type: 'string' },
        'issuer-key': { type: 'string' },
        'issuer-cert': { type: 'string' },
        'issuer-password-file': { type: 'string' },
      },
      { min: 0, max: 0, names: 'options only' },
    );
    if (values.name === undefined || values.out === undefined)
      throw new ConsoleError('VALIDATION', '--name and --out are required', { details: { reason: 'USAGE' } });
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(values.name)) {
      throw new ConsoleError(
        'VALIDATION',
        '--name must be a plain file name (letters, digits, ".", "_", "-")',
        { details: { reason: 'USAGE' } },
      );
    }
    const days = values.days === undefined ? 3650 : Number(values.days);
    if (!Number.isInteger(days) || days < 1)
      throw new ConsoleError('VALIDATION', '--days must be a positive whole number', {
        details: { reason: 'USAGE' },
      });
    const bits = values.bits === undefined ? 2048 : Number(values.bits);
    if (bits !== 2048 && bits !== 3072 && bits !== 4096)
      throw new ConsoleError('VALIDATION', '--bits must be 2048, 3072 or 4096', {
        details: { reason: 'USAGE' },
      });
    if (values.unencrypted === true && values['password-file'] !== undefined) {
      throw new ConsoleError('VALIDATION', '--unencrypted and --password-file are exclusive', {
        details: { reason: 'USAGE' },
      });
    }
    if ((values['issuer-key'] === undefined) !== (values['issuer-cert'] === undefined)) {
      throw new ConsoleError('VALIDATION', '--issuer-key and --issuer-cert go together', {
        details: { reason: 'USAGE' },
      });
    }
    const outDir = resolveArg(io, values.out);
    const keyPath = path.join(outDir, `${values.name}.pem`);
    const certPath = path.join(outDir, `${values.name}.crt`);
    for (const p of [keyPath, certPath]) {
      if (
        await access(p).then(
          () => true,
          () => false,
        )
      ) {
        throw new ConsoleError('IO', `${p} already exists; choose another --name or remove it`, {
          details: { reason: 'FILE_EXISTS', file: p },
        });
      }
    }
    let issuer;
    if (values['issuer-key'] !== undefined && values['issuer-cert'] !== undefined) {
      const bytes = await readInput(resolveArg(io, values['issuer-key']), 'CA key');
      const pw = isEncryptedPem(bytes)
        ? await readPassword(
            io,
            values['issuer-password-file'] && resolveArg(io, values['issuer-password-file']),
            'Password of the CA key: ',
          )
        : undefined;
      issuer = {
        key: loadPrivateKey(bytes, pw),
        certificate: loadCertificates(
          await readInput(resolveArg(io, values['issuer-cert']), 'CA certificate'),
        )[0]!,
      };
    }
    let password: string | undefined;
    if (values.unencrypted !== true) {
      password = await readPassword(
        io,
        values['password-file'] && resolveArg(io, values['password-file']),
        `Password for the new key ${values.name}: `,
      );
      if (values['password-file'] === undefined) {
        const again = await io.promptSecret('Repeat the password: ');
        if (again !== password)
          throw new ConsoleError('VALIDATION', 'the two passwords differ', {
            details: { reason: 'PASSWORD_MISMATCH' },
          });
      }
      if (password === '')
        throw new ConsoleError('VALIDATION', 'the password is empty (use --unencrypted for a clear key)', {
          details: { reason: 'PASSWORD_REQUIRED' },
        });
    }
    const created = await createKeyAndCertificate({
      commonName: values.cn ?? values.name,
      ...(values.org !== undefined ? { organization: values.org } : {}),
      ...(password !== undefined ? { password } : {}),
      keyBits: bits,
      days,
      codeSigning: values['code-signing'] === true,
      isCA: values.ca === true,
      ...(issuer !== undefined ? { issuer } : {}),
    });
    await mkdir(outDir, { recursive: true });
    const suffix = `.${process.pid}.tmp`;
    try {
      await writeFile(keyPath + suffix, created.keyPem, { mode: 0o600, flag: 'wx' });
      await writeFile(certPath + suffix, created.certificatePem, { flag: 'wx' });
      await rename(keyPath + suffix, keyPath);
      await rename(certPath + suffix, certPath);
    } catch (err) {
      await rm(keyPath + suffix, { force: true });
      await rm(certPath + suffix, { force: true });
      throw new ConsoleError(
        'IO',
        `cannot write the key or certificate in ${outDir}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
        { details: { reason: 'WRITE_FAILED' } },
      );
    }
    io.err(`certificate "${created.certificate.cn}" sha256 ${created.certificate.fingerprintSha256}`);
    io.out(keyPath);
    io.out(certPath);
    return EXIT_OK;
  },
};

const packageBuild: CliCommand = {
  path: ['package', 'build'],
  summary: 'build and sign a .wapt package from a source folder',
  usage: [
    'wapt-console package build SRC_DIR --key K.pem --cert C.crt [--password-file F] --out DIR',
    '',
    'SRC_DIR holds WAPT/control and the payload (setup.py, installers…). Writes DIR/<canonical name>.wapt',
    'and prints its path as the last line. --key may be a .p12/.pfx bundle (then --cert is optional).',
    'The password of an encrypted key comes from --password-file or an interactive prompt.',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { ...signerOptions, out: { type: 'string' } },
      { min: 1, max: 1, names: 'SRC_DIR' },
    );
    if (values.out === undefined)
      throw new ConsoleError('VALIDATION', '--out is required', { details: { reason: 'USAGE' } });
    const signer = await loadSigner(io, values);
    let lastPct = -1;
    const result = await buildPackage({
      sourceDir: resolveArg(io, positionals[0]!),
      outDir: resolveArg(io, values.out),
      signer,
      signal: io.interrupted,
      onProgress: ({ bytes, totalBytes }) => {
        const pct = totalBytes > 0 ? Math.floor((bytes * 10) / totalBytes) * 10 : 100;
        if (io.interactive && pct !== lastPct) io.err(`${pct}%`);
        lastPct = pct;
      },
    });
    io.err(
      `built ${result.control.package} ${result.control.version}: ${result.size} bytes, sha256 ${result.sha256}, md5 ${result.md5}`,
    );
    io.out(result.path);
    return EXIT_OK;
  },
};

const packageSign: CliCommand = {
  path: ['package', 'sign'],
  summary: 're-sign an existing .wapt package in place',
  usage: [
    'wapt-console package sign FILE.wapt --key K.pem --cert C.crt [--password-file F]',
    '',
    'Replaces the signature attributes (new package_uuid and signature_date), the certificate, the',
    'manifest and its signature; payload files are unchanged. The file is replaced atomically.',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, signerOptions, {
      min: 1,
      max: 1,
      names: 'FILE.wapt',
    });
    const signer = await loadSigner(io, values);
    const result = await signPackage({
      packagePath: resolveArg(io, positionals[0]!),
      signer,
      signal: io.interrupted,
    });
    io.err(
      `signed ${result.control.package} ${result.control.version} by "${signer.certificateChain[0]!.cn}"`,
    );
    io.out(result.path);
    return EXIT_OK;
  },
};

const packageVerify: CliCommand = {
  path: ['package', 'verify'],
  summary: 'verify a .wapt package as an agent does (exit 0 valid, 1 invalid)',
  usage: [
    'wapt-console package verify FILE.wapt [--trusted CERT_OR_DIR]...',
    '',
    'Checks zip safety, both signatures, the manifest, code signing when setup.py exists and the',
    'certificate dates. With --trusted (a certificate file, or a folder whose *.crt/*.pem files are',
    'read as an agent reads its ssl folder), the signer must also chain to one of them.',
    'Exit 0 when valid, 1 when invalid (the reason is printed on stderr), 2 on bad usage.',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { trusted: { type: 'string', multiple: true } },
      { min: 1, max: 1, names: 'FILE.wapt' },
    );
    const trustedPaths = (values.trusted ?? []).map((p) => resolveArg(io, p));
    const trusted = await loadTrustedCertificates(trustedPaths);
    if (trustedPaths.length > 0 && trusted.length === 0) {
      io.err(
        `error [CERT_INVALID/NO_TRUSTED_CERTIFICATES]: no certificate found in ${trustedPaths.join(', ')}`,
      );
      return EXIT_FAILED;
    }
    const v = await verifyPackage(resolveArg(io, positionals[0]!), {
      trusted,
      requireTrust: trustedPaths.length > 0,
    });
    if (!v.trusted)
      io.err(
        'warning: signatures are intact but the signer was not checked against trusted certificates (use --trusted)',
      );
    io.out(
      `valid: ${v.control.package} ${v.control.version} signed by "${v.signer.cn}" (sha256 ${v.signer.fingerprintSha256})${v.trustedBy ? `, trusted through "${v.trustedBy.cn}"` : ''}`,
    );
    return EXIT_OK;
  },
};

const packageInspect: CliCommand = {
  path: ['package', 'inspect'],
  summary: "print a package's control, members and certificates as JSON (no verification)",
  usage:
    'wapt-console package inspect FILE.wapt\n\nPrints JSON on stdout. Does not verify signatures: use `package verify` for that.',
  async run(argv, io) {
    const { positionals } = parseCommandArgs(argv, {}, { min: 1, max: 1, names: 'FILE.wapt' });
    io.out(JSON.stringify(await inspectPackage(resolveArg(io, positionals[0]!)), null, 2));
    return EXIT_OK;
  },
};

export const packageCommands: CliCommand[] = [
  keysCreate,
  packageBuild,
  packageSign,
  packageVerify,
  packageInspect,
];
