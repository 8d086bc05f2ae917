/**
 * "Create key and certificate" (docs/keys.md): an encrypted RSA key, its certificate (self-signed,
 * or issued by a CA whose key the user unlocks for this one call) and optionally a PKCS#12 bundle,
 * written into one folder as a set: either every file appears, or none does.
 *
 * Runs in main only. What it returns (paths, subject, fingerprint) is public; the key, the
 * passwords and the CA key stay here and are dropped when the call ends. Error messages name
 * files and reasons, never a password or key bytes.
 */
import { createPrivateKey, randomBytes } from 'node:crypto';
import { access, lstat, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';
import { ConsoleError } from '../../../common/errors';
import { MIN_KEY_PASSWORD_LENGTH } from '../../../common/domain/key-password';
import {
  createKeyAndCertificate,
  loadCertificates,
  loadPrivateKey,
  MIN_RSA_BITS,
  type Certificate,
  type PrivateKey,
} from '../../../wapt/signing/index';

export interface CreateKeyFilesRequest {
  /** Base name of the files: NAME.pem, NAME.crt, NAME.p12. */
  name: string;
  folder: string;
  bits: 2048 | 3072 | 4096;
  password: string;
  commonName: string;
  organization?: string;
  days: number;
  codeSigning: boolean;
  isCA: boolean;
  /** Issue with this CA instead of self-signing (its key is read, used once, and forgotten). */
  issuer: { certificatePath: string; keyPath: string; password: string } | null;
  /** Also write NAME.p12 (key + certificate chain); `password` null = the key's password, as WAPT does. */
  pkcs12: { password: string | null } | null;
  now?: Date;
}

export interface CreatedKeyFiles {
  keyPath: string;
  certificatePath: string;
  pkcs12Path: string | null;
  certificate: Certificate;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const SMALL_FILE = 1024 * 1024;
/** The shortest key password accepted (shared with the new-key form); the dialog's strength hint asks for more. */
export { MIN_KEY_PASSWORD_LENGTH };

const validation = (reason: string, message: string) =>
  new ConsoleError('VALIDATION', message, { details: { reason } });

async function readSmall(file: string, what: string): Promise<Buffer> {
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw new ConsoleError('IO', `the ${what} file was not found: ${file}`, {
      details: { reason: 'NOT_FOUND', file },
    });
  }
  if (size > SMALL_FILE) throw validation('TOO_LARGE', `the ${what} file is too large: ${file}`);
  return readFile(file);
}

async function loadIssuer(
  issuer: NonNullable<CreateKeyFilesRequest['issuer']>,
): Promise<{ key: PrivateKey; certificate: Certificate; chain: Certificate[] }> {
  const chain = loadCertificates(await readSmall(path.resolve(issuer.certificatePath), 'CA certificate'));
  const keyBytes = await readSmall(path.resolve(issuer.keyPath), 'CA key');
  // An unencrypted CA key ignores the password; an encrypted one needs it (KEY_INVALID/PASSWORD_REQUIRED).
  const key = loadPrivateKey(keyBytes, issuer.password === '' ? undefined : issuer.password);
  return { key, certificate: chain[0]!, chain };
}

/**
 * PKCS#12 with AES-256 (PBES2) for the key bag and the certificates, and an HMAC-SHA1 integrity MAC
 * (node-forge's only one, still the PKCS#12 default): readable
 * by OpenSSL 3 without its legacy provider and by Windows' certificate import (signtool /f).
 */
export function pkcs12Bytes(
  keyPem: string,
  keyPassword: string,
  chain: readonly Certificate[],
  password: string,
): Buffer {
  // node:crypto decrypts the PBES2/PBKDF2-SHA256 PKCS#8 it wrote; forge only builds the bundle.
  const clear = createPrivateKey({ key: keyPem, passphrase: keyPassword }).export({
    type: 'pkcs1',
    format: 'pem',
  });
  const key = forge.pki.privateKeyFromPem(clear as string);
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    key,
    chain.map((c) => forge.pki.certificateFromPem(c.pem)),
    password,
    { algorithm: 'aes256', useMac: true, generateLocalKeyId: true, friendlyName: chain[0]!.cn },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

/**
 * Writes every file to a hidden temporary sibling (fsynced), then renames them into place. If any
 * step fails, the temporaries and any file already renamed are removed: nothing half-written.
 */
async function writeSet(files: { target: string; data: string | Buffer; mode: number }[]): Promise<void> {
  const staged: { tmp: string; target: string }[] = [];
  const placed: string[] = [];
  try {
    for (const f of files) {
      const tmp = path.join(
        path.dirname(f.target),
        `.${path.basename(f.target)}.${randomBytes(6).toString('hex')}.tmp`,
      );
      staged.push({ tmp, target: f.target });
      const fh = await open(tmp, 'wx', f.mode);
      try {
        await fh.writeFile(f.data);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    for (const s of staged) {
      // Re-checked just before the rename: never replace a key someone made meanwhile.
      if (await exists(s.target)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      await rename(s.tmp, s.target);
      placed.push(s.target);
    }
  } catch (err) {
    await Promise.all([
      ...staged.map((s) => rm(s.tmp, { force: true })),
      ...placed.map((p) => rm(p, { force: true })),
    ]);
    throw err;
  }
}

export async function createKeyFiles(req: CreateKeyFilesRequest): Promise<CreatedKeyFiles> {
  if (!NAME.test(req.name))
    throw validation('BAD_NAME', 'the key name must be a plain file name (letters, digits, ".", "_", "-")');
  if (req.bits < MIN_RSA_BITS)
    throw validation('KEY_TOO_SMALL', `RSA keys need at least ${MIN_RSA_BITS} bits`);
  if (req.password.length < MIN_KEY_PASSWORD_LENGTH)
    throw validation(
      'PASSWORD_TOO_SHORT',
      `the key password needs at least ${MIN_KEY_PASSWORD_LENGTH} characters`,
    );
  if (req.pkcs12?.password === '') throw validation('P12_PASSWORD_REQUIRED', 'the .p12 password is empty');

  const folder = path.resolve(req.folder);
  try {
    const st = await lstat(folder);
    if (!st.isDirectory()) throw validation('NOT_A_DIRECTORY', `not a folder: ${folder}`);
  } catch (err) {
    if (err instanceof ConsoleError) throw err;
    // A missing folder is created (as `keys create --out` does); its parent must exist.
    try {
      await mkdir(folder, { mode: 0o700 });
    } catch {
      throw new ConsoleError('IO', `cannot create the folder ${folder}`, {
        details: { reason: 'WRITE_FAILED' },
      });
    }
  }
  const keyPath = path.join(folder, `${req.name}.pem`);
  const certificatePath = path.join(folder, `${req.name}.crt`);
  const pkcs12Path = req.pkcs12 === null ? null : path.join(folder, `${req.name}.p12`);
  for (const p of [keyPath, certificatePath, pkcs12Path]) {
    if (p !== null && (await exists(p)))
      throw new ConsoleError('IO', `${p} already exists: choose another name or folder`, {
        details: { reason: 'FILE_EXISTS', file: p },
      });
  }

  const issuer = req.issuer === null ? undefined : await loadIssuer(req.issuer);
  const created = await createKeyAndCertificate({
    commonName: req.commonName,
    ...(req.organization ? { organization: req.organization } : {}),
    password: req.password,
    keyBits: req.bits,
    days: req.days,
    codeSigning: req.codeSigning,
    isCA: req.isCA,
    ...(issuer ? { issuer: { key: issuer.key, certificate: issuer.certificate } } : {}),
    ...(req.now ? { now: req.now } : {}),
  });
  // The .p12 carries the chain up to the CA, so Windows (signtool) can present it whole.
  const chain = [created.certificate, ...(issuer?.chain ?? [])];
  const files: { target: string; data: string | Buffer; mode: number }[] = [
    { target: keyPath, data: created.keyPem, mode: 0o600 },
    { target: certificatePath, data: created.certificatePem, mode: 0o644 },
  ];
  if (pkcs12Path !== null)
    files.push({
      target: pkcs12Path,
      data: pkcs12Bytes(created.keyPem, req.password, chain, req.pkcs12!.password ?? req.password),
      mode: 0o600,
    });
  try {
    await writeSet(files);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConsoleError(
      'IO',
      code === 'EEXIST'
        ? `a file named ${req.name} appeared in ${folder} meanwhile: nothing was written`
        : `cannot write the key files in ${folder} (${code}): nothing was written`,
      {
        details:
          code === 'EEXIST'
            ? { reason: 'FILE_EXISTS', file: path.join(folder, req.name) }
            : { reason: 'WRITE_FAILED' },
      },
    );
  }
  return { keyPath, certificatePath, pkcs12Path, certificate: created.certificate };
}
